import { afterEach, describe, expect, test } from "bun:test";
import type { Config } from "../config/index.ts";
import { startTestSmtpServer, type TestSmtpServer, type TestSmtpServerOptions } from "../testing/smtp-server.ts";
import { createMailSender } from "./sender.ts";
import { smtpTransportOptions } from "./smtp-sender.ts";

const servers: TestSmtpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function server(options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const started = await startTestSmtpServer(options);
  servers.push(started);
  return started;
}

function emailSettings(port: number, overrides: Partial<Config["email"]> = {}): Config["email"] {
  return { backend: "smtp", fromAddr: "StashSphere <noreply@example.test>", user: "", password: "", host: "127.0.0.1", port, ...overrides };
}

async function sendOne(smtp: TestSmtpServer, overrides: Partial<Config["email"]> = {}, message = { to: "bob@example.test", subject: "Hello", body: "Hi Bob\n" }) {
  const sender = createMailSender(emailSettings(overrides.port ?? smtp.port, overrides), { tls: smtp.clientTls });
  try {
    await sender.send(message);
  } finally {
    sender.close();
  }
}

/** Binding port 465 needs privileges and a free port; the implicit-TLS test runs only when both are there. */
async function implicitTlsServerOnPort465(): Promise<TestSmtpServer | undefined> {
  try {
    return await startTestSmtpServer({ implicitTls: true, port: 465 });
  } catch {
    return undefined;
  }
}

const onPort465 = await implicitTlsServerOnPort465();

describe("SMTP sender", () => {
  test("writes standard headers and splits the display-name sender", async () => {
    const smtp = await server({ credentials: { user: "mailer", password: "s3cret" } });
    await sendOne(smtp, { user: "mailer", password: "s3cret" }, {
      to: "bob@example.test",
      subject: "[Café] Grüße, Zoë",
      body: "Hello Zoë,\n\nline two\n",
    });

    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail?.envelopeFrom).toBe("noreply@example.test");
    expect(mail?.envelopeTo).toEqual(["bob@example.test"]);
    expect(mail?.headers.get("from")).toBe("StashSphere <noreply@example.test>");
    expect(mail?.headers.get("to")).toBe("bob@example.test");
    expect(mail?.headers.get("mime-version")).toBe("1.0");
    expect(mail?.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(mail?.headers.get("message-id")).toMatch(/^<[^<>@\s]+@example\.test>$/);
    expect(Number.isNaN(Date.parse(mail?.headers.get("date") ?? ""))).toBe(false);
    expect(mail?.headers.get("subject")).toStartWith("=?UTF-8?");
    expect(mail?.subject).toBe("[Café] Grüße, Zoë");
    expect(mail?.body).toBe("Hello Zoë,\n\nline two\n");
    expect(mail?.raw).toContain("\r\n\r\n");
  });

  test("upgrades with STARTTLS and authenticates when a user is set", async () => {
    const smtp = await server({ credentials: { user: "mailer", password: "s3cret" } });
    await sendOne(smtp, { user: "mailer", password: "s3cret" });
    expect(smtp.messages[0]?.secure).toBe(true);
    expect(smtp.messages[0]?.user).toBe("mailer");
  });

  test("upgrades with STARTTLS without AUTH when no user is set", async () => {
    const smtp = await server();
    await sendOne(smtp);
    expect(smtp.messages[0]?.secure).toBe(true);
    expect(smtp.messages[0]?.user).toBeUndefined();
  });

  test("delivers in plain text to a relay without STARTTLS or AUTH", async () => {
    const smtp = await server({ starttls: false });
    await sendOne(smtp);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]?.secure).toBe(false);
    expect(smtp.messages[0]?.user).toBeUndefined();
  });

  test("rejects wrong credentials", async () => {
    const smtp = await server({ credentials: { user: "mailer", password: "s3cret" } });
    await expect(sendOne(smtp, { user: "mailer", password: "wrong" })).rejects.toThrow();
    expect(smtp.messages).toHaveLength(0);
  });

  test("a bare fromAddr is used for both envelope and header", async () => {
    const smtp = await server();
    await sendOne(smtp, { fromAddr: "noreply@example.test" });
    expect(smtp.messages[0]?.envelopeFrom).toBe("noreply@example.test");
    expect(smtp.messages[0]?.headers.get("from")).toBe("noreply@example.test");
  });

  test.skipIf(onPort465 === undefined)("uses TLS from the first byte on port 465", async () => {
    const smtp = onPort465 as TestSmtpServer;
    servers.push(smtp);
    await sendOne(smtp, { port: 465 });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]?.secure).toBe(true);
  });
});

describe("SMTP transport options", () => {
  test("port 465 means implicit TLS, other ports STARTTLS", () => {
    expect(smtpTransportOptions(emailSettings(465)).secure).toBe(true);
    expect(smtpTransportOptions(emailSettings(587)).secure).toBe(false);
  });

  test("credentials to a remote host require TLS", () => {
    const options = smtpTransportOptions(emailSettings(587, { host: "smtp.example.test", user: "mailer", password: "x" }));
    expect(options.requireTLS).toBe(true);
    expect(options.auth).toEqual({ user: "mailer", pass: "x" });
  });

  test("without a user nothing is authenticated and TLS stays optional", () => {
    const options = smtpTransportOptions(emailSettings(25, { host: "smtp.example.test" }));
    expect(options.auth).toBeUndefined();
    expect(options.requireTLS).toBe(false);
  });

  test("credentials to a loopback relay may go without TLS", () => {
    expect(smtpTransportOptions(emailSettings(25, { host: "127.0.0.1", user: "mailer" })).requireTLS).toBe(false);
    expect(smtpTransportOptions(emailSettings(25, { host: "localhost", user: "mailer" })).requireTLS).toBe(false);
  });
});

describe("stdout sender", () => {
  test("prints recipient, subject and body as one block", async () => {
    const written: string[] = [];
    const sender = createMailSender({ ...emailSettings(0), backend: "stdout" }, { write: (text) => written.push(text) });
    await sender.send({ to: "bob@example.test", subject: "[x] Hello", body: "Line one\nLine two" });
    expect(written).toHaveLength(1);
    expect(written[0]).toContain("To: bob@example.test\nSubject: [x] Hello\n\nLine one\nLine two\n");
  });
});
