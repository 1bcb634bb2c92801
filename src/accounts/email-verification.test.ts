import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, sessionCookieFor, type TestUser } from "../testing/users.ts";
import { maxOutstandingCodes, newVerificationCode, requestEmailVerification } from "./email-verification.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp((config) => {
    config.frontendUrl = "https://stash.example.test";
    config.instanceName = "Test Stash";
    // The request only queues mail, so a mail server that cannot be reached must not matter.
    config.email = { backend: "smtp", fromAddr: "noreply@example.test", user: "", password: "", host: "127.0.0.1", port: 1 };
  });
});

interface QueuedMail {
  to_address: string;
  subject: string;
  body: string;
  sent_at: Date | null;
}

async function mailTo(user: TestUser): Promise<QueuedMail[]> {
  return t.db.query<QueuedMail>(sql`select to_address, subject, body, sent_at from mail_outbox where recipient_user_id = ${user.id} order by id`);
}

async function requestCode(user: TestUser): Promise<string> {
  const response = await t.request("POST", "/api/user/email-verification/request", { cookie: user.cookie });
  expect(response.status).toBe(200);
  const mails = await mailTo(user);
  const code = /^ {4}(\d{8})$/m.exec(mails.at(-1)?.body ?? "")?.[1];
  if (!code) throw new Error(`no code in the mail: ${mails.at(-1)?.body}`);
  return code;
}

async function verify(user: TestUser, code: unknown) {
  const response = await t.request("POST", "/api/user/email-verification/verify", { cookie: user.cookie, body: { code } });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as { message: string; field?: string }) : undefined };
}

async function isVerified(user: TestUser): Promise<boolean> {
  const response = await t.request("GET", "/api/user/profile", { cookie: user.cookie });
  return ((await response.json()) as { emailVerified: boolean }).emailVerified;
}

async function outstandingCodes(user: TestUser): Promise<string[]> {
  const rows = await t.db.query<{ digit_code: string }>(sql`select digit_code from email_verification_codes where user_id = ${user.id}`);
  return rows.map((row) => row.digit_code);
}

describe("e-mail verification", () => {
  test("request queues a mail with code and link", async () => {
    const user = await createTestUser(t, { name: "Dora" });
    const code = await requestCode(user);
    const [mail] = await mailTo(user);
    expect(mail?.to_address).toBe(user.email);
    expect(mail?.subject).toBe("[Test Stash] Please verify your e-mail address");
    expect(mail?.body).toStartWith("Hello Dora,");
    expect(mail?.body).toContain(`https://stash.example.test/user/verify-email#${code}`);
    expect(mail?.sent_at).toBeNull();
  });

  test("correct code verifies the current address", async () => {
    const user = await createTestUser(t);
    expect(await isVerified(user)).toBe(false);
    const code = await requestCode(user);
    expect(await verify(user, code)).toEqual({ status: 200, body: undefined });
    expect(await isVerified(user)).toBe(true);
    expect(await outstandingCodes(user)).toEqual([]);
  });

  test("code from the link verifies", async () => {
    const user = await createTestUser(t);
    await requestCode(user);
    const [mail] = await mailTo(user);
    const link = /https:\/\/stash\.example\.test\/user\/verify-email#\S+/.exec(mail?.body ?? "")?.[0] ?? "";
    const fragment = new URL(link).hash.slice(1);
    expect(await verify(user, fragment)).toEqual({ status: 200, body: undefined });
    expect(await isVerified(user)).toBe(true);
  });

  test("verified status belongs to the address", async () => {
    const user = await createTestUser(t);
    await verify(user, await requestCode(user));
    expect(await isVerified(user)).toBe(true);

    await t.db.query(sql`update users set email = ${`new-${user.email}`} where id = ${user.id}`);
    expect(await isVerified(user)).toBe(false);
  });

  test("verified address stays verified on a new request", async () => {
    const user = await createTestUser(t);
    await verify(user, await requestCode(user));
    await requestCode(user);
    expect(await isVerified(user)).toBe(true);
  });

  test("wrong code is rejected and counted", async () => {
    const user = await createTestUser(t);
    const code = await requestCode(user);
    const wrong = code === "11111111" ? "22222222" : "11111111";
    expect(await verify(user, wrong)).toEqual({ status: 400, body: expect.objectContaining({ message: "Invalid verification code", field: "code" }) });
    const [row] = await t.db.query<{ failed_attempts: number }>(sql`select failed_attempts from email_verifications where user_id = ${user.id}`);
    expect(row?.failed_attempts).toBe(1);
    expect(await verify(user, code)).toEqual({ status: 200, body: undefined });
  });

  test("fifth wrong code invalidates every code", async () => {
    const user = await createTestUser(t);
    const code = await requestCode(user);
    const wrong = code === "11111111" ? "22222222" : "11111111";
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await verify(user, wrong)).body?.message).toBe("Invalid verification code");
    }
    const fifth = await verify(user, wrong);
    expect(fifth.status).toBe(400);
    expect(fifth.body?.message).toContain("request a new one");
    expect(await outstandingCodes(user)).toEqual([]);
    expect((await verify(user, code)).body?.message).toBe("Invalid verification code");

    const fresh = await requestCode(user);
    expect((await verify(user, fresh)).status).toBe(200);
  });

  test("code expires after 30 minutes", async () => {
    const user = await createTestUser(t);
    const code = await requestCode(user);
    t.clock.advance(30 * 60_000 + 1000);
    try {
      // A session issued at the new time, so that the access token's own lifetime plays no part.
      user.cookie = await sessionCookieFor(t, user.id);
      expect(await verify(user, code)).toEqual({
        status: 400,
        body: expect.objectContaining({ message: "Verification code has expired", field: "code" }),
      });
      expect(await outstandingCodes(user)).toEqual([]);
    } finally {
      t.clock.advance(-(30 * 60_000 + 1000));
    }
  });

  test("code still works just before it expires", async () => {
    const user = await createTestUser(t);
    const code = await requestCode(user);
    t.clock.advance(29 * 60_000);
    try {
      user.cookie = await sessionCookieFor(t, user.id);
      expect((await verify(user, code)).status).toBe(200);
    } finally {
      t.clock.advance(-29 * 60_000);
    }
  });

  test("only the newest five codes stay valid", async () => {
    const user = await createTestUser(t);
    const codes: string[] = [];
    // Through the domain function: seven HTTP requests at once would meet the rate limit.
    for (let index = 0; index < 7; index++) {
      codes.push((await t.db.transaction((tx) => requestEmailVerification(tx, t.deps, user.id))).code);
      t.clock.advance(1000);
    }
    t.clock.advance(-7000);
    expect(await outstandingCodes(user)).toHaveLength(maxOutstandingCodes);
    expect((await verify(user, codes[0])).body?.message).toBe("Invalid verification code");
    expect((await verify(user, codes[1])).body?.message).toBe("Invalid verification code");
    expect((await verify(user, codes[6])).status).toBe(200);
  });

  test("sixth request within moments is 429", async () => {
    const user = await createTestUser(t);
    for (let request = 1; request <= 5; request++) await requestCode(user);

    const response = await t.request("POST", "/api/user/email-verification/request", { cookie: user.cookie });

    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await mailTo(user)).toHaveLength(5);
  });

  test("malformed codes are rejected before lookup", async () => {
    const user = await createTestUser(t);
    await requestCode(user);
    for (const code of ["1234567", "123456789", "abcdefgh", 12345678, undefined]) {
      const result = await verify(user, code);
      expect({ code, status: result.status, field: result.body?.field }).toEqual({ code, status: 400, field: "code" });
    }
    const [row] = await t.db.query<{ failed_attempts: number }>(sql`select failed_attempts from email_verifications where user_id = ${user.id}`);
    expect(row?.failed_attempts).toBe(0);
  });

  test("verify without any request is invalid", async () => {
    const user = await createTestUser(t);
    expect((await verify(user, "12345678")).body?.message).toBe("Invalid verification code");
  });

  test("registration can request inside its transaction", async () => {
    const user = await createTestUser(t);
    const { code, validUntil } = await t.db.transaction((tx) => requestEmailVerification(tx, t.deps, user.id));
    expect(validUntil.getTime()).toBe(t.clock.now().getTime() + 30 * 60_000);
    expect(await outstandingCodes(user)).toEqual([code]);
    expect(await mailTo(user)).toHaveLength(1);
  });
});

describe("newVerificationCode", () => {
  test("draws 8 digits without a leading zero", () => {
    for (let index = 0; index < 2000; index++) {
      expect(newVerificationCode()).toMatch(/^[1-9]\d{7}$/);
    }
  });
});
