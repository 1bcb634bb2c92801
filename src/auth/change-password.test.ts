import { beforeAll, describe, expect, test } from "bun:test";
import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { TestApp } from "../testing/app.ts";
import { expectSessionRequired } from "../testing/security.ts";
import { createTestUser, testPassword } from "../testing/users.ts";
import { accessCookie, accessInfoCookie, refreshCookie, refreshInfoCookie } from "./cookies.ts";
import { cookieHeaderFrom, createAuthTestApp, insertUser, setCookiesOf, viewerIdOf } from "./test-support.ts";
import { sessionCookieFor } from "../testing/users.ts";

const newPassword = "seven silver spoons in a drawer";

let t: TestApp;
beforeAll(async () => {
  t = await createAuthTestApp();
});

function changePassword(cookie: string, body: Record<string, unknown>) {
  return t.request("PATCH", "/api/user/password", { cookie, body });
}

async function logIn(email: string, password: string): Promise<Response> {
  return t.request("POST", "/api/user/login", { body: { email, password } });
}

describe("PATCH /api/user/password", () => {
  test("needs a session and rejects cross-site requests", async () => {
    await expectSessionRequired(t, { method: "PATCH", path: "/api/user/password", body: { oldPassword: testPassword, newPassword } });
  });

  test("replaces the password", async () => {
    const user = await createTestUser(t);

    const response = await changePassword(user.cookie, { oldPassword: testPassword, newPassword });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect((await logIn(user.email, newPassword)).status).toBe(200);
    expect((await logIn(user.email, testPassword)).status).toBe(401);
  });

  test("keeps this device signed in with fresh cookies", async () => {
    const user = await createTestUser(t);

    const response = await changePassword(user.cookie, { oldPassword: testPassword, newPassword });

    expect([...setCookiesOf(response).keys()]).toEqual([accessCookie, accessInfoCookie, refreshCookie, refreshInfoCookie]);
    expect(await viewerIdOf(t, cookieHeaderFrom(response))).toBe(user.id);
  });

  test("ends the sessions of other devices", async () => {
    const user = await createTestUser(t);
    const otherDevice = cookieHeaderFrom(await logIn(user.email, testPassword));

    await changePassword(user.cookie, { oldPassword: testPassword, newPassword });

    expect(await viewerIdOf(t, otherDevice)).toBeNull();
    expect(await viewerIdOf(t, user.cookie)).toBeNull();
    expect((await t.request("POST", "/api/user/refresh", { cookie: otherDevice })).status).toBe(401);
  });

  test("wrong old password is 400 and changes nothing", async () => {
    const user = await createTestUser(t);

    const response = await changePassword(user.cookie, { oldPassword: "not the password", newPassword });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 400, error: "invalid_input", field: "oldPassword", message: "oldPassword: incorrect password" });
    expect(await viewerIdOf(t, user.cookie)).toBe(user.id);
    expect((await logIn(user.email, testPassword)).status).toBe(200);
  });

  test("new password must follow the policy", async () => {
    const user = await createTestUser(t);

    const tooShort = await changePassword(user.cookie, { oldPassword: testPassword, newPassword: "short" });
    const common = await changePassword(user.cookie, { oldPassword: testPassword, newPassword: "qwertyuiop" });
    const ownEmail = await changePassword(user.cookie, { oldPassword: testPassword, newPassword: user.email });

    expect(await tooShort.json()).toMatchObject({ code: 400, field: "newPassword", message: "newPassword: must be at least 8 characters long" });
    expect(await common.json()).toMatchObject({ code: 400, field: "newPassword" });
    expect(await ownEmail.json()).toMatchObject({ code: 400, message: "newPassword: must not be your e-mail address or name" });
  });

  test("missing fields are 400 naming them", async () => {
    const user = await createTestUser(t);

    const response = await changePassword(user.cookie, { newPassword });

    expect(await response.json()).toMatchObject({ code: 400, field: "oldPassword", message: "oldPassword: is required" });
  });

  test("account without a password cannot change it", async () => {
    const user = await insertUser(t, null);

    const response = await changePassword(await sessionCookieFor(t, user.id), { oldPassword: "anything", newPassword });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: "oldPassword: this account has no password; it signs in through its provider" });
  });

  test("upgrades a bcrypt account to argon2id", async () => {
    // `$2a$` hash of "hunter2hunter2" made by libxcrypt's crypt(3), as the original stored them.
    const user = await insertUser(t, "$2a$04$N9qo8uLOickgx2ZMRZoMye5fNF/8Yvpq8k/i8BDvobikftX3Nh7JK");
    const cookie = await sessionCookieFor(t, user.id);

    const wrong = await changePassword(cookie, { oldPassword: "hunter2hunter3", newPassword });
    const right = await changePassword(cookie, { oldPassword: "hunter2hunter2", newPassword });
    const stored = await queryOne<{ password_hash: string }>(t.db, sql`select password_hash from users where id = ${user.id}`);

    expect(wrong.status).toBe(400);
    expect(right.status).toBe(200);
    expect(stored?.password_hash).toStartWith("$argon2id$");
  });

  test("sixth change within moments is 429", async () => {
    const user = await createTestUser(t);
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await changePassword(user.cookie, { oldPassword: `wrong ${attempt}`, newPassword })).status).toBe(400);
    }

    const response = await changePassword(user.cookie, { oldPassword: testPassword, newPassword });

    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});
