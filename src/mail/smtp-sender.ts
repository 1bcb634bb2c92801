import { isIP } from "node:net";
import type { ConnectionOptions } from "node:tls";
import nodemailer from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import type { Config } from "../config/index.ts";
import { parseFromAddress } from "./from-address.ts";
import type { MailSender } from "./sender.ts";

/** The port of SMTP submission over TLS from the first byte (RFC 8314); all others use STARTTLS. */
const implicitTlsPort = 465;

function isLoopback(host: string): boolean {
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1" || host === "[::1]";
}

/**
 * Build the transport settings for `email`. The connection is encrypted from the start on port 465 and
 * upgraded with STARTTLS elsewhere whenever the server offers it. AUTH is sent only when
 * `email.user` is set, and then never over plain text to another machine: without STARTTLS the
 * delivery fails instead. Timeouts are short so a hung server cannot hold a message for long.
 */
export function smtpTransportOptions(email: Config["email"], tls: ConnectionOptions = {}): SMTPPool.Options {
  const secure = email.port === implicitTlsPort;
  const withCredentials = email.user !== "";
  return {
    pool: true,
    maxConnections: 1,
    host: email.host,
    port: email.port,
    secure,
    requireTLS: withCredentials && !secure && !isLoopback(email.host),
    auth: withCredentials ? { user: email.user, pass: email.password } : undefined,
    tls,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  };
}

/**
 * Send through an SMTP server with nodemailer, which writes the headers the original left
 * out (Date, Message-ID, MIME-Version, Content-Type with charset), encodes non-ASCII
 * subjects (RFC 2047) and bodies (quoted-printable), and keeps a connection open between
 * messages of a burst.
 */
export function createSmtpSender(email: Config["email"], tls?: ConnectionOptions): MailSender {
  const from = parseFromAddress(email.fromAddr);
  if (!from) throw new Error(`email.fromAddr ${JSON.stringify(email.fromAddr)} is not an e-mail address`);
  const transport = nodemailer.createTransport(smtpTransportOptions(email, tls));

  return {
    async send(message) {
      await transport.sendMail({
        from: { name: from.name, address: from.address },
        to: message.to,
        subject: message.subject,
        text: message.body,
        envelope: { from: from.address, to: [message.to] },
      });
    },
    close() {
      transport.close();
    },
  };
}
