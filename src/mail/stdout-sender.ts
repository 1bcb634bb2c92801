import type { MailSender } from "./sender.ts";

const rule = "-".repeat(72);

/**
 * Print each message as a block on standard output instead of sending it, for development
 * and for instances without a mail server. It never fails.
 */
export function createStdoutSender(write: (text: string) => void = (text) => process.stdout.write(text)): MailSender {
  return {
    async send(message) {
      write(`${rule}\nTo: ${message.to}\nSubject: ${message.subject}\n\n${message.body.replace(/\n?$/, "\n")}${rule}\n`);
    },
    close() {},
  };
}
