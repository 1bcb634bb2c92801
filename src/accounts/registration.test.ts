import { beforeAll, describe, expect, test } from "bun:test";
import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { createAuthTestApp, fromAddress, randomTestAddress, viewerIdOf, cookieHeaderFrom } from "../auth/test-support.ts";
import type { TestApp } from "../testing/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createAuthTestApp();
});

const goodPassword = "a kettle of blue herons";

function uniqueEmail(prefix = "new"): string {
  return `${prefix}-${crypto.randomUUID()}@example.test`;
}

function register(app: TestApp, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return app.request("POST", "/api/user/register", { body, headers });
}

async function storedUser(email: string) {
  return queryOne<{ id: string; name: string; email: string; password_hash: string }>(
    t.db,
    sql`select id, name, email, password_hash from users where lower(email) = lower(${email})`,
  );
}

describe("POST /api/user/register", () => {
  test("creates the account without logging in", async () => {
    const email = uniqueEmail();

    const response = await register(t, { name: "Nina New", email, password: goodPassword });
    const user = await storedUser(email);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(user).toMatchObject({ name: "Nina New", email });
    expect(user?.password_hash).toStartWith("$argon2id$");
  });

  test("queues the e-mail verification code", async () => {
    const email = uniqueEmail();
    await register(t, { name: "Nina New", email, password: goodPassword });
    const user = await storedUser(email);

    const mails = await t.db.query<{ to_address: string; subject: string; body: string }>(
      sql`select to_address, subject, body from mail_outbox where recipient_user_id = ${user!.id}`,
    );
    const codes = await t.db.query<{ email: string }>(sql`select email from email_verification_codes where user_id = ${user!.id}`);

    expect(mails).toHaveLength(1);
    expect(mails[0]?.to_address).toBe(email);
    expect(mails[0]?.subject).toEndWith("Please verify your e-mail address");
    expect(codes).toEqual([{ email }]);
  });

  test("duplicate queues no second verification e-mail", async () => {
    const email = uniqueEmail("twice");
    await register(t, { name: "First", email, password: goodPassword });

    await register(t, { name: "Second", email, password: goodPassword });
    const mails = await t.db.query(sql`select 1 from mail_outbox where to_address = ${email}`);

    expect(mails).toHaveLength(1);
  });

  test("the new account can log in", async () => {
    const email = uniqueEmail();
    await register(t, { name: "Nina New", email, password: goodPassword });

    const login = await t.request("POST", "/api/user/login", { body: { email, password: goodPassword } });

    expect(login.status).toBe(200);
    expect(await viewerIdOf(t, cookieHeaderFrom(login))).toBe((await storedUser(email))!.id);
  });

  test("stores e-mail and name trimmed, e-mail in its typed case", async () => {
    const email = uniqueEmail("Mixed.Case");

    await register(t, { name: "  Spacey Name ", email: `  ${email}  `, password: goodPassword });

    expect(await storedUser(email)).toMatchObject({ name: "Spacey Name", email });
  });

  test("existing e-mail in another case is 409", async () => {
    const email = uniqueEmail("taken");
    await register(t, { name: "First", email, password: goodPassword });

    const response = await register(t, { name: "Second", email: email.toUpperCase(), password: goodPassword });

    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      code: 409,
      error: "conflict",
      field: "email",
      message: "email: an account with this e-mail address already exists",
    });
  });

  test("rejects invalid fields naming them", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: "A", email: uniqueEmail(), password: goodPassword }, "name: must be at least 2 characters long"],
      [{ name: "  A  ", email: uniqueEmail(), password: goodPassword }, "name: must be at least 2 characters long"],
      [{ name: "x".repeat(256), email: uniqueEmail(), password: goodPassword }, "name: must be at most 255 characters long"],
      [{ name: "Nina", email: "not-an-address", password: goodPassword }, "email: must be a valid e-mail address"],
      [{ name: "Nina", email: `${"x".repeat(250)}@example.test`, password: goodPassword }, "email: must be at most 255 characters long"],
      [{ name: "Nina", email: uniqueEmail(), password: "short" }, "password: must be at least 8 characters long"],
      [{ name: "Nina", email: uniqueEmail() }, "password: is required"],
      [{ name: "Nina", email: uniqueEmail(), password: "password123" }, "password: is one of the most common passwords; choose a longer or less predictable one"],
    ];
    for (const [body, message] of cases) {
      const response = await register(t, body);

      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toBe(message);
    }
  });

  test("name of two emoji is long enough", async () => {
    const response = await register(t, { name: "🦊🐻", email: uniqueEmail(), password: goodPassword });

    expect(response.status).toBe(200);
  });

  test("password equal to the e-mail is rejected", async () => {
    const email = uniqueEmail();

    const response = await register(t, { name: "Nina", email, password: email.toUpperCase() });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: "password", message: "password: must not be your e-mail address or name" });
  });

  test("password of 100 bytes works for login", async () => {
    const email = uniqueEmail();
    const password = "a long sentence that goes on ".repeat(4).slice(0, 100);
    await register(t, { name: "Nina", email, password });

    const right = await t.request("POST", "/api/user/login", { body: { email, password } });
    const sameFirst72 = await t.request("POST", "/api/user/login", { body: { email, password: `${password.slice(0, 72)}something else entirely` } });

    expect(right.status).toBe(200);
    expect(sameFirst72.status).toBe(401);
  });

  test("minimum password length follows configuration", async () => {
    const strict = await createAuthTestApp((config) => {
      config.auth.minPasswordLength = 20;
    });

    const response = await register(strict, { name: "Nina", email: uniqueEmail(), password: "nineteen characters" });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: "password: must be at least 20 characters long" });
  });
});

describe("registration with invites", () => {
  let invited: TestApp;
  beforeAll(async () => {
    invited = await createAuthTestApp((config) => {
      config.invites.enabled = true;
      config.invites.code = "Open Sesame";
    });
  });

  test("accepts the exact invite code", async () => {
    const response = await register(invited, { name: "Ivy", email: uniqueEmail(), password: goodPassword, inviteCode: "Open Sesame" });

    expect(response.status).toBe(200);
  });

  test("rejects a wrong, differently cased or missing code", async () => {
    for (const inviteCode of ["open sesame", "Open Sesame!", "", undefined]) {
      const response = await register(invited, { name: "Ivy", email: uniqueEmail(), password: goodPassword, inviteCode });

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ field: "inviteCode", message: "inviteCode: invalid invite code" });
    }
  });

  test("ignores the code when invites are off", async () => {
    const response = await register(t, { name: "Ivy", email: uniqueEmail(), password: goodPassword, inviteCode: "anything" });

    expect(response.status).toBe(200);
  });
});

describe("registration rate limits", () => {
  test("eleventh registration from one address is 429", async () => {
    const address = fromAddress(randomTestAddress());
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await register(t, { name: "Rita", email: uniqueEmail(), password: goodPassword }, address)).status).toBe(200);
    }

    const response = await register(t, { name: "Rita", email: uniqueEmail(), password: goodPassword }, address);

    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  test("sixth try of one e-mail address is 429", async () => {
    const email = uniqueEmail("probe");
    await register(t, { name: "Pat", email, password: goodPassword });
    for (let attempt = 2; attempt <= 5; attempt++) {
      expect((await register(t, { name: "Pat", email, password: goodPassword })).status).toBe(409);
    }

    const response = await register(t, { name: "Pat", email: email.toUpperCase(), password: goodPassword });

    expect(response.status).toBe(429);
  });

  test("rejected passwords do not count against the e-mail address", async () => {
    const email = uniqueEmail();
    for (let attempt = 1; attempt <= 6; attempt++) await register(t, { name: "Pat", email, password: `short${attempt}` });

    const response = await register(t, { name: "Pat", email, password: goodPassword });

    expect(response.status).toBe(200);
  });
});

describe("GET /api/info", () => {
  test("reports the minimum password length", async () => {
    const response = await t.request("GET", "/api/info");

    expect(await response.json()).toMatchObject({ minPasswordLength: 8 });
  });
});
