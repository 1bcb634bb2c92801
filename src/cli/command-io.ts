/** The terminal, or a stand-in in tests. */
export interface CommandIo {
  /** Standard input is a terminal, so a person can answer a question. */
  isTerminal: boolean;
  /** Print `question` and read one line; null at the end of input. */
  ask(question: string): string | null;
  print(line: string): void;
  printError(line: string): void;
}

/** Standard input, output and error of this process. */
export const processIo: CommandIo = {
  isTerminal: process.stdin.isTTY === true,
  // Bun's prompt() writes the question and a space, then reads one line synchronously.
  ask: (question) => prompt(question.trimEnd()),
  print: (line) => console.log(line),
  printError: (line) => console.error(line),
};
