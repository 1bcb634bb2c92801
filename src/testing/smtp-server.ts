import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import type { ConnectionOptions } from "node:tls";
import { SMTPServer, type SMTPServerSession } from "smtp-server";
import { decodeMessage, type DecodedMessage } from "./mime-decode.ts";

/** A message as the test server received it. */
export interface ReceivedMail extends DecodedMessage {
  envelopeFrom: string | false;
  envelopeTo: string[];
  /** The message travelled over TLS (implicit or after STARTTLS). */
  secure: boolean;
  /** The authenticated user name, if the client logged in. */
  user: string | undefined;
}

export interface TestSmtpServerOptions {
  /** Offer STARTTLS (default true). */
  starttls?: boolean;
  /** TLS from the first byte, as on port 465. */
  implicitTls?: boolean;
  /** Offer AUTH and accept this user name and password; without it no AUTH is offered. */
  credentials?: { user: string; password: string };
  /** Listen on this port instead of a free one chosen by the system. */
  port?: number;
}

export interface TestSmtpServer {
  port: number;
  messages: ReceivedMail[];
  /** TLS settings for a client that should trust this server's certificate. */
  clientTls: ConnectionOptions;
  /** Reply code for every RCPT TO (e.g. 451 or 550); undefined accepts every recipient. */
  rejectRecipientsWith: number | undefined;
  stop(): Promise<void>;
}

interface Certificate {
  key: string;
  cert: string;
}

let certificate: Promise<Certificate> | undefined;

/** Make a self-signed certificate for 127.0.0.1 with openssl, once per test process. */
function testCertificate(): Promise<Certificate> {
  certificate ??= (async () => {
    const directory = await mkdtemp(join(tmpdir(), "stashsphere-smtp-cert-"));
    try {
      const result = Bun.spawnSync([
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-keyout", join(directory, "key.pem"), "-out", join(directory, "cert.pem"),
        "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
      ], { stdout: "ignore", stderr: "pipe" });
      if (result.exitCode !== 0) throw new Error(`openssl failed to make a test certificate: ${result.stderr.toString()}`);
      return { key: await readFile(join(directory, "key.pem"), "utf8"), cert: await readFile(join(directory, "cert.pem"), "utf8") };
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  })();
  return certificate;
}

/** Start an SMTP server on 127.0.0.1 that records every message it accepts. */
export async function startTestSmtpServer(options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const { key, cert } = await testCertificate();
  const disabledCommands = [
    ...(options.starttls === false || options.implicitTls ? ["STARTTLS"] : []),
    ...(options.credentials ? [] : ["AUTH"]),
  ];
  const state: TestSmtpServer = {
    port: 0,
    messages: [],
    clientTls: { ca: cert },
    rejectRecipientsWith: undefined,
    stop: async () => {},
  };

  const server = new SMTPServer({
    secure: options.implicitTls ?? false,
    key,
    cert,
    disabledCommands,
    authOptional: !options.credentials,
    // Accept AUTH without TLS too, so a test can show that the client refuses to send it.
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const expected = options.credentials;
      if (expected && auth.username === expected.user && auth.password === expected.password) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error("invalid user name or password"));
      }
    },
    onRcptTo(_address, _session, callback) {
      if (state.rejectRecipientsWith === undefined) return callback();
      callback(Object.assign(new Error("recipient rejected by the test server"), { responseCode: state.rejectRecipientsWith }));
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        state.messages.push({
          ...decodeMessage(Buffer.concat(chunks).toString("latin1")),
          envelopeFrom: session.envelope.mailFrom && session.envelope.mailFrom.address,
          envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
          secure: session.secure,
          user: (session.user as string | undefined) || undefined,
        });
        callback();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  state.port = (server.server.address() as AddressInfo).port;
  state.stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
