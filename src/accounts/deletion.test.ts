import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import { silentLogger } from "../log/logger.ts";
import { startMailWorker } from "../mail/mail-worker.ts";
import type { MailMessage } from "../mail/sender.ts";
import { formatMailTime } from "../mail/templates/index.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, type TestUser } from "../testing/users.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp((config) => {
    config.userDeletion.gracePeriodMinutes = 90;
    config.instanceName = "Test Stash";
  });
});

async function schedule(user: TestUser, body: unknown) {
  const response = await t.request("POST", "/api/user/deletion", { cookie: user.cookie, body });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function cancel(user: TestUser) {
  const response = await t.request("DELETE", "/api/user/deletion", { cookie: user.cookie });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function deletionMails(user: TestUser) {
  return t.db.query<{ subject: string; body: string; to_address: string }>(
    sql`select subject, body, to_address from mail_outbox where recipient_user_id = ${user.id} order by id`,
  );
}

async function oidcOnlyUser(): Promise<TestUser> {
  const user = await createTestUser(t);
  await t.db.query(sql`update users set password_hash = null where id = ${user.id}`);
  return user;
}

describe("POST /api/user/deletion", () => {
  test("password schedules the purge after the grace period", async () => {
    const user = await createTestUser(t);
    const { status, body } = await schedule(user, { password: user.password });
    expect(status).toBe(200);
    expect(body.id).toBe(user.id);
    expect(body.purgeAt).toBe(new Date(t.clock.now().getTime() + 90 * 60_000).toISOString());
    expect("emailVerified" in body).toBe(false);
  });

  test("sixth password guess within moments is 429", async () => {
    const user = await createTestUser(t);
    for (let guess = 1; guess <= 5; guess++) expect((await schedule(user, { password: `guess ${guess}` })).status).toBe(400);

    const { status } = await schedule(user, { password: user.password });

    expect(status).toBe(429);
  });

  test("bcrypt password of the original over 72 bytes is accepted", async () => {
    const user = await createTestUser(t);
    // `$2a$` hash made by libxcrypt's crypt(3), as Go's bcrypt writes them; only 72 bytes count.
    const password = "correct horse battery staple correct horse battery staple correct horse battery staple correct horse";
    await t.db.query(sql`update users set password_hash = '$2a$04$Ktm5rdjyEyLFV3ZnJvRgaOk4vqLNitV9ikaCICkGXZ8uOyNR4PGjK' where id = ${user.id}`);

    const { status } = await schedule(user, { password });

    expect(status).toBe(200);
  });

  test("deletion mail is queued with the purge time", async () => {
    const user = await createTestUser(t, { name: "Erin" });
    const { body } = await schedule(user, { password: user.password });
    const mails = await deletionMails(user);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to_address).toBe(user.email);
    expect(mails[0]?.subject).toBe("[Test Stash] Your account is scheduled for deletion");
    expect(mails[0]?.body).toStartWith("Hello Erin,");
    expect(mails[0]?.body).toContain(formatMailTime(new Date(body.purgeAt)));
  });

  test("second request keeps the date and sends no mail", async () => {
    const user = await createTestUser(t);
    const first = await schedule(user, { password: user.password });
    t.clock.advance(60_000);
    try {
      const second = await schedule(user, { password: user.password });
      expect(second.status).toBe(200);
      expect(second.body.purgeAt).toBe(first.body.purgeAt);
    } finally {
      t.clock.advance(-60_000);
    }
    expect(await deletionMails(user)).toHaveLength(1);
  });

  test("wrong or missing password schedules nothing", async () => {
    const user = await createTestUser(t);
    const wrong = await schedule(user, { password: "not the password" });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ message: "Incorrect password", field: "password" });
    const missing = await schedule(user, {});
    expect(missing.status).toBe(400);
    expect(missing.body.field).toBe("password");
    const [row] = await t.db.query<{ purge_at: Date | null }>(sql`select purge_at from users where id = ${user.id}`);
    expect(row?.purge_at).toBeNull();
    expect(await deletionMails(user)).toHaveLength(0);
  });

  test("account without password confirms with its address", async () => {
    const user = await oidcOnlyUser();
    const { status, body } = await schedule(user, { confirmation: `  ${user.email.toUpperCase()} ` });
    expect(status).toBe(200);
    expect(body.purgeAt).not.toBeNull();
  });

  test("account without password rejects a wrong confirmation", async () => {
    const user = await oidcOnlyUser();
    const wrong = await schedule(user, { confirmation: "someone@example.test" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.field).toBe("confirmation");
    const passwordInstead = await schedule(user, { password: "anything" });
    expect(passwordInstead.status).toBe(400);
    expect(passwordInstead.body.field).toBe("confirmation");
  });

  test("session stays valid while scheduled", async () => {
    const user = await createTestUser(t);
    await schedule(user, { password: user.password });
    const response = await t.request("GET", "/api/user/profile", { cookie: user.cookie });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { purgeAt: string | null }).purgeAt).not.toBeNull();
  });
});

describe("mail after the response", () => {
  test("scheduling wakes the mail worker", async () => {
    const delivered: MailMessage[] = [];
    const worker = startMailWorker({
      db: t.db,
      log: silentLogger,
      clock: { now: () => new Date(Date.now() + 60_000) },
      config: t.config,
      sender: { send: async (message) => void delivered.push(message), close: () => {} },
      pollIntervalMs: 60 * 60_000,
    });
    try {
      const user = await createTestUser(t);
      await schedule(user, { password: user.password });
      const deadline = Date.now() + 10_000;
      while (!delivered.some((message) => message.to === user.email) && Date.now() < deadline) await Bun.sleep(20);
      expect(delivered.filter((message) => message.to === user.email).map((message) => message.subject)).toEqual([
        "[Test Stash] Your account is scheduled for deletion",
      ]);
    } finally {
      await worker.stop();
    }
  });
});

describe("DELETE /api/user/deletion", () => {
  test("cancel clears the purge date", async () => {
    const user = await createTestUser(t);
    await schedule(user, { password: user.password });
    const { status, body } = await cancel(user);
    expect(status).toBe(200);
    expect(body.id).toBe(user.id);
    expect(body.purgeAt).toBeNull();
  });

  test("cancel without a schedule is 404", async () => {
    const user = await createTestUser(t);
    const { status, body } = await cancel(user);
    expect(status).toBe(404);
    expect(body.message).toBe("scheduled deletion not found");
  });

  test("schedule after cancel sends a new mail", async () => {
    const user = await createTestUser(t);
    await schedule(user, { password: user.password });
    await cancel(user);
    await schedule(user, { password: user.password });
    expect(await deletionMails(user)).toHaveLength(2);
  });
});

describe("grace period", () => {
  test("negative minutes schedule in the past", async () => {
    const past = await createTestApp((config) => {
      config.userDeletion.gracePeriodMinutes = -5;
    });
    const user = await createTestUser(past);
    const response = await past.request("POST", "/api/user/deletion", { cookie: user.cookie, body: { password: user.password } });
    const body = (await response.json()) as { purgeAt: string };
    expect(body.purgeAt).toBe(new Date(past.clock.now().getTime() - 5 * 60_000).toISOString());
  });
});
