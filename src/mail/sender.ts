import type { ConnectionOptions } from "node:tls";
import type { Config } from "../config/index.ts";
import { createSmtpSender } from "./smtp-sender.ts";
import { createStdoutSender } from "./stdout-sender.ts";

/** One plain-text message to one recipient. */
export interface MailMessage {
  to: string;
  subject: string;
  body: string;
}

/** Delivers messages; a rejected promise means "not delivered, try again later". */
export interface MailSender {
  send(message: MailMessage): Promise<void>;
  /** Close open connections; the sender is not used afterwards. */
  close(): void;
}

export interface MailSenderOptions {
  /** Extra TLS settings for the SMTP connection, e.g. a `ca` for a server with its own certificate. */
  tls?: ConnectionOptions;
  /** Output function of the stdout backend; standard output by default. */
  write?: (text: string) => void;
}

/** Build the sender that `email.backend` selects. */
export function createMailSender(email: Config["email"], options: MailSenderOptions = {}): MailSender {
  return email.backend === "smtp" ? createSmtpSender(email, options.tls) : createStdoutSender(options.write);
}
