import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import type { Config } from "../config/index.ts";
import type { Database } from "../db/database.ts";
import { migrate } from "../db/migrate.ts";
import { sql } from "../db/sql.ts";
import { createLogger, silentLogger } from "../log/logger.ts";
import { createTestClock } from "../testing/app.ts";
import { freshDatabase, type FreshDatabase } from "../testing/database.ts";
import { startTestSmtpServer, type TestSmtpServer } from "../testing/smtp-server.ts";
import { retryDelaysMs } from "./delivery-queue.ts";
import { deliverDueMail, startMailWorker } from "./mail-worker.ts";
import { enqueueMail } from "./outbox.ts";
import { createMailSender, type MailSender } from "./sender.ts";
import { wakeMailWorker } from "./wake.ts";

// A database of its own: the worker sends every due row, and other test files leave rows behind.
let fresh: FreshDatabase;
let db: Database;
let smtp: TestSmtpServer;

beforeAll(async () => {
  fresh = await freshDatabase();
  db = fresh.db;
  await migrate(db);
  smtp = await startTestSmtpServer();
});

afterAll(async () => {
  await smtp.stop();
  await fresh.drop();
});

beforeEach(async () => {
  smtp.messages.length = 0;
  smtp.rejectRecipientsWith = undefined;
  await db.query(sql`delete from mail_outbox`);
});

function emailSettings(port = smtp.port): Config["email"] {
  return { backend: "smtp", fromAddr: "StashSphere <noreply@example.test>", user: "", password: "", host: "127.0.0.1", port };
}

function smtpSender(port = smtp.port): MailSender {
  return createMailSender(emailSettings(port), { tls: smtp.clientTls });
}

async function queue(count: number, prefix = "message"): Promise<void> {
  await db.transaction((tx) =>
    enqueueMail(
      tx,
      Array.from({ length: count }, (_, index) => ({
        recipientUserId: null,
        toAddress: `rcpt-${index}@example.test`,
        subject: `${prefix} ${index}`,
        body: `secret body ${index}\n`,
      })),
    ),
  );
}

interface OutboxRow {
  attempts: number;
  sent_at: Date | null;
  failed_at: Date | null;
  next_attempt_at: Date;
  last_error: string | null;
}

async function onlyRow(): Promise<OutboxRow> {
  const rows = await db.query<OutboxRow>(sql`select attempts, sent_at, failed_at, next_attempt_at, last_error from mail_outbox`);
  expect(rows).toHaveLength(1);
  return rows[0] as OutboxRow;
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(20);
  }
}

describe("mail delivery", () => {
  test("due mail is sent and marked sent", async () => {
    await queue(1);
    const clock = createTestClock();
    const sender = smtpSender();
    const result = await deliverDueMail({ db, log: silentLogger, clock, config: { email: emailSettings() }, sender });
    sender.close();

    expect(result).toEqual({ sent: 1, failed: 0 });
    expect(smtp.messages.map((mail) => mail.subject)).toEqual(["message 0"]);
    const row = await onlyRow();
    expect(row.attempts).toBe(1);
    expect(row.sent_at).toBeInstanceOf(Date);
    expect(row.last_error).toBeNull();
  });

  test("failing server is retried after 1, 5, 30, 120 minutes, then given up", async () => {
    await queue(1);
    const clock = createTestClock(new Date(Date.now() + 60_000));
    const sender = smtpSender();
    const deps = { db, log: silentLogger, clock, config: { email: emailSettings() }, sender };
    smtp.rejectRecipientsWith = 451;

    for (const [index, delay] of retryDelaysMs.entries()) {
      expect(await deliverDueMail(deps)).toEqual({ sent: 0, failed: 1 });
      const row = await onlyRow();
      expect(row.attempts).toBe(index + 1);
      expect(row.sent_at).toBeNull();
      expect(row.last_error).toContain("451");
      expect(row.next_attempt_at.getTime()).toBe(clock.now().getTime() + delay);

      clock.advance(delay - 1000);
      expect(await deliverDueMail(deps)).toEqual({ sent: 0, failed: 0 });
      clock.advance(1000);
    }

    expect(await deliverDueMail(deps)).toEqual({ sent: 0, failed: 1 });
    const abandoned = await onlyRow();
    expect(abandoned.attempts).toBe(5);
    expect(abandoned.failed_at).toBeInstanceOf(Date);

    clock.advance(24 * 60 * 60_000);
    smtp.rejectRecipientsWith = undefined;
    expect(await deliverDueMail(deps)).toEqual({ sent: 0, failed: 0 });
    sender.close();
    expect(smtp.messages).toHaveLength(0);
  });

  test("retried mail is delivered once the server accepts it", async () => {
    await queue(1);
    const clock = createTestClock(new Date(Date.now() + 60_000));
    const deps = { db, log: silentLogger, clock, config: { email: emailSettings() } };

    const unreachable = createMailSender(emailSettings(1), {});
    expect(await deliverDueMail({ ...deps, sender: unreachable })).toEqual({ sent: 0, failed: 1 });
    unreachable.close();

    clock.advance(retryDelaysMs[0]);
    const sender = smtpSender();
    expect(await deliverDueMail({ ...deps, sender })).toEqual({ sent: 1, failed: 0 });
    sender.close();
    expect((await onlyRow()).attempts).toBe(2);
    expect(smtp.messages).toHaveLength(1);
  });

  test("permanent recipient rejection gives up at once", async () => {
    await queue(1);
    const sender = smtpSender();
    smtp.rejectRecipientsWith = 550;
    await deliverDueMail({ db, log: silentLogger, clock: createTestClock(new Date(Date.now() + 60_000)), config: { email: emailSettings() }, sender });
    sender.close();
    const row = await onlyRow();
    expect(row.attempts).toBe(1);
    expect(row.failed_at).toBeInstanceOf(Date);
  });

  test("failure log names the user id, not address or body", async () => {
    const userId = "log-test-user-0000001";
    await db.query(sql`insert into users (id, name, email, password_hash) values (${userId}, 'Logged', 'logged@example.test', 'x')`);
    await db.transaction((tx) =>
      enqueueMail(tx, [{ recipientUserId: userId, toAddress: "logged@example.test", subject: "Subject", body: "the secret body" }]),
    );
    const lines: string[] = [];
    const log = createLogger({ write: (line) => lines.push(line) });
    const sender = createMailSender({ ...emailSettings(1), password: "smtp-password" }, {});
    await deliverDueMail({ db, log, clock: createTestClock(new Date(Date.now() + 60_000)), config: { email: emailSettings(1) }, sender });
    sender.close();
    await db.query(sql`delete from users where id = ${userId}`);

    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`recipientUserId=${userId}`);
    expect(lines[0]).not.toContain("logged@example.test");
    expect(lines[0]).not.toContain("the secret body");
    expect(lines[0]).not.toContain("smtp-password");
  });

  test("two workers never send one message twice", async () => {
    await queue(40, "race");
    const otherPool = fresh.openAnotherPool?.() ?? db;
    const clock = createTestClock(new Date(Date.now() + 60_000));
    const senders = [smtpSender(), smtpSender()];
    const results = await Promise.all([
      deliverDueMail({ db, log: silentLogger, clock, config: { email: emailSettings() }, sender: senders[0] as MailSender }),
      deliverDueMail({ db: otherPool, log: silentLogger, clock, config: { email: emailSettings() }, sender: senders[1] as MailSender }),
    ]);
    for (const sender of senders) sender.close();

    expect(results[0].sent + results[1].sent).toBe(40);
    const subjects = smtp.messages.map((mail) => mail.subject);
    expect(subjects).toHaveLength(40);
    expect(new Set(subjects).size).toBe(40);
    const [counts] = await db.query<{ sent: number; attempts: number }>(
      sql`select count(*) filter (where sent_at is not null)::int as sent, sum(attempts)::int as attempts from mail_outbox`,
    );
    expect(counts).toEqual({ sent: 40, attempts: 40 });
  });
});

/** A worker that would poll only once an hour, so any delivery within a test comes from a wake. */
function startHourlyWorker() {
  return startMailWorker({
    db,
    log: silentLogger,
    clock: { now: () => new Date(Date.now() + 60_000) },
    config: { email: emailSettings() },
    sender: smtpSender(),
    pollIntervalMs: 60 * 60_000,
  });
}

describe("mail worker", () => {
  test("wakeMailWorker delivers at once instead of at the next poll", async () => {
    const worker = startHourlyWorker();
    try {
      // Let the first pass find the queue empty and go to sleep for an hour.
      await Bun.sleep(100);
      await queue(1, "woken");
      wakeMailWorker();
      await waitFor(() => smtp.messages.length === 1);
      expect(smtp.messages[0]?.subject).toBe("woken 0");
    } finally {
      await worker.stop();
    }
    expect((await onlyRow()).sent_at).toBeInstanceOf(Date);
  });

  test("stop ends the worker and later wakes are ignored", async () => {
    const worker = startHourlyWorker();
    await worker.stop();
    await queue(1, "after stop");
    wakeMailWorker();
    await Bun.sleep(200);
    expect(smtp.messages).toHaveLength(0);
    expect((await onlyRow()).sent_at).toBeNull();
  });
});
