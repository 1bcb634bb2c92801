/** A terminal that can switch off echo: `process.stdin` when it is a TTY. */
export interface RawInput {
  setRawMode(enabled: boolean): unknown;
  on(event: "data", listener: (chunk: Buffer | string) => void): unknown;
  off(event: "data", listener: (chunk: Buffer | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export class PasswordInputAborted extends Error {}

/**
 * Read a password at a terminal without echo. Enter ends it, Backspace deletes the last
 * character, Ctrl-C and Ctrl-D (on an empty line) abort with `PasswordInputAborted`.
 * `prompt` is written to `output` (standard error, so standard output stays clean).
 */
export function readPasswordWithoutEcho(input: RawInput, output: { write(text: string): unknown }, prompt: string): Promise<string> {
  output.write(prompt);
  input.setRawMode(true);
  input.resume();
  let characters: string[] = [];

  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      input.off("data", onData);
      input.setRawMode(false);
      input.pause();
      output.write("\n");
      if (error) reject(error);
      else resolve(characters.join(""));
    };
    const onData = (chunk: Buffer | string) => {
      for (const character of chunk.toString("utf8")) {
        if (character === "\r" || character === "\n") return finish();
        if (character === "\u0003") return finish(new PasswordInputAborted("aborted"));
        if (character === "\u0004" && characters.length === 0) return finish(new PasswordInputAborted("aborted"));
        if (character === "\u007f" || character === "\b") characters = characters.slice(0, -1);
        else if (character >= " ") characters.push(character);
      }
    };
    input.on("data", onData);
  });
}

/**
 * Read the first line of standard input when it is a pipe or a file, without its line ending.
 * Returns undefined when the input is empty.
 */
export async function readFirstLine(stream: AsyncIterable<Buffer | string>): Promise<string | undefined> {
  let text = "";
  for await (const chunk of stream) {
    text += chunk.toString();
    if (text.includes("\n")) break;
  }
  if (text === "") return undefined;
  return text.split("\n")[0]?.replace(/\r$/, "");
}
