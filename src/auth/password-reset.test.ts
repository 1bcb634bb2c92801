import { beforeAll, describe, expect, test } from "bun:test";
import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { TestApp } from "../testing/app.ts";
import { createTestUser, testPassword } from "../testing/users.ts";
import { accessCookie, refreshCookie } from "./cookies.ts";
import { hashResetToken } from "./password-reset.ts";
import { cookieHeaderFrom, cookieValue, createAuthTestApp, fromAddress, insertUser, randomTestAddress, viewerIdOf } from "./test-support.ts";

const newPassword = "a quiet harbour at dawn";
const minute = 60_000;

let t: TestApp;
beforeAll(async () => {
  t = await createAuthTestApp((config) => {
    config.instanceName = "Tool Shed";
    config.frontendUrl = "https://stash.example.com";
  });
});

const requestReset = (email: string, headers: Record<string, string> = {}) =>
  t.request("POST", "/api/user/password-reset/request", { body: { email }, headers });
const confirmReset = (token: string, password: string) =>
  t.request("POST", "/api/user/password-reset/confirm", { body: { token, newPassword: password } });
const logIn = (email: string, password: string) => t.request("POST", "/api/user/login", { body: { email, password } });

interface QueuedMail {
  to_address: string;
  subject: string;
  body: string;
}

async function mailsTo(userId: string): Promise<QueuedMail[]> {
  return t.db.query<QueuedMail>(sql`select to_address, subject, body from mail_outbox where recipient_user_id = ${userId} order by id`);
}

/** Request a reset and return the token from the queued e-mail's link. */
async function resetTokenFor(user: { id: string; email: string }): Promise<string> {
  expect((await requestReset(user.email)).status).toBe(200);
  const mail = (await mailsTo(user.id)).at(-1);
  const token = /\/user\/reset-password#([A-Za-z0-9_-]+)/.exec(mail?.body ?? "")?.[1];
  if (!token) throw new Error(`no reset link in ${JSON.stringify(mail)}`);
  return token;
}

describe("POST /api/user/password-reset/request", () => {
  test("queues a mail with a link to the web app", async () => {
    const user = await createTestUser(t, { name: "Rosa Reset" });

    const response = await requestReset(user.email.toUpperCase());
    const [mail] = await mailsTo(user.id);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(mail?.to_address).toBe(user.email);
    expect(mail?.subject).toBe("[Tool Shed] Reset your password");
    expect(mail?.body).toStartWith("Hello Rosa Reset,\n\n");
    expect(mail?.body).toMatch(/\nhttps:\/\/stash\.example\.com\/user\/reset-password#[A-Za-z0-9_-]{43}\n/);
    expect(mail?.body).toContain("expires in 30 minutes");
  });

  test("stores only the token's SHA-256", async () => {
    const user = await createTestUser(t);

    const token = await resetTokenFor(user);
    const row = await queryOne<{ token_hash: string }>(t.db, sql`select token_hash from password_reset_tokens where user_id = ${user.id}`);

    expect(row?.token_hash).toBe(hashResetToken(token));
    expect(row?.token_hash).not.toContain(token);
  });

  test("answers the same for an unknown address", async () => {
    const known = await createTestUser(t);

    const forKnown = await requestReset(known.email);
    const forUnknown = await requestReset(`nobody-${crypto.randomUUID()}@example.test`);

    expect(forUnknown.status).toBe(forKnown.status);
    expect(await forUnknown.text()).toBe(await forKnown.text());
    expect([...forUnknown.headers.keys()].sort()).toEqual([...forKnown.headers.keys()].sort());
  });

  test("sends nothing to an account without a password", async () => {
    const user = await insertUser(t, null);

    const response = await requestReset(user.email);

    expect(response.status).toBe(200);
    expect(await mailsTo(user.id)).toEqual([]);
  });

  test("fourth request for one address is 429", async () => {
    const user = await createTestUser(t);
    for (let attempt = 1; attempt <= 3; attempt++) expect((await requestReset(user.email)).status).toBe(200);

    const response = await requestReset(user.email);

    expect(response.status).toBe(429);
    expect(await mailsTo(user.id)).toHaveLength(3);
  });

  test("sixth request from one client address is 429", async () => {
    const address = fromAddress(randomTestAddress());
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await requestReset(`someone-${crypto.randomUUID()}@example.test`, address)).status).toBe(200);
    }

    expect((await requestReset(`someone-${crypto.randomUUID()}@example.test`, address)).status).toBe(429);
  });
});

describe("POST /api/user/password-reset/confirm", () => {
  test("sets the new password", async () => {
    const user = await createTestUser(t);
    const token = await resetTokenFor(user);

    const response = await confirmReset(token, newPassword);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect((await logIn(user.email, newPassword)).status).toBe(200);
    expect((await logIn(user.email, testPassword)).status).toBe(401);
  });

  test("ends every session", async () => {
    const user = await createTestUser(t);
    const session = cookieHeaderFrom(await logIn(user.email, testPassword));

    await confirmReset(await resetTokenFor(user), newPassword);

    expect(await viewerIdOf(t, session)).toBeNull();
    expect((await t.request("POST", "/api/user/refresh", { cookie: session })).status).toBe(401);
  });

  test("token works only once", async () => {
    const user = await createTestUser(t);
    const token = await resetTokenFor(user);
    await confirmReset(token, newPassword);

    const again = await confirmReset(token, "another fine passphrase");

    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ field: "token", message: "token: the reset link is invalid, used or expired; request a new one" });
    expect((await logIn(user.email, newPassword)).status).toBe(200);
  });

  test("using one token deletes the user's other tokens", async () => {
    const user = await createTestUser(t);
    const first = await resetTokenFor(user);
    const second = await resetTokenFor(user);

    await confirmReset(second, newPassword);

    expect((await confirmReset(first, "another fine passphrase")).status).toBe(400);
  });

  test("token expires after 30 minutes", async () => {
    const user = await createTestUser(t);
    const token = await resetTokenFor(user);

    t.clock.advance(30 * minute);

    expect((await confirmReset(token, newPassword)).status).toBe(400);
  });

  test("token still works just before it expires", async () => {
    const user = await createTestUser(t);
    const token = await resetTokenFor(user);

    t.clock.advance(30 * minute - 1000);

    expect((await confirmReset(token, newPassword)).status).toBe(200);
  });

  test("rejected password keeps the token usable", async () => {
    const user = await createTestUser(t);
    const token = await resetTokenFor(user);

    const weak = await confirmReset(token, "password1");
    const good = await confirmReset(token, newPassword);

    expect(weak.status).toBe(400);
    expect(await weak.json()).toMatchObject({ field: "newPassword" });
    expect(good.status).toBe(200);
  });

  test("unknown token is 400", async () => {
    const response = await confirmReset(Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url"), newPassword);

    expect(response.status).toBe(400);
  });
});

describe("token confusion with reset tokens", () => {
  test("a session token is no reset token", async () => {
    const user = await createTestUser(t);
    const login = await logIn(user.email, testPassword);

    expect((await confirmReset(cookieValue(login, accessCookie)!, newPassword)).status).toBe(400);
    expect((await confirmReset(cookieValue(login, refreshCookie)!, newPassword)).status).toBe(400);
  });

  test("a reset token is no session token", async () => {
    const user = await createTestUser(t);
    const token = await resetTokenFor(user);

    expect(await viewerIdOf(t, `${accessCookie}=${token}`)).toBeNull();
    expect((await t.request("POST", "/api/user/refresh", { cookie: `${refreshCookie}=${token}` })).status).toBe(401);
  });
});
