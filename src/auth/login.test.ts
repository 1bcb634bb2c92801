import { beforeAll, describe, expect, test } from "bun:test";
import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { createLogger } from "../log/logger.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, testPassword } from "../testing/users.ts";
import { emailRateLimitSubject } from "./rate-limit.ts";
import { accessCookie, accessInfoCookie, refreshCookie, refreshInfoCookie } from "./cookies.ts";
import {
  claimsOf,
  cookieHeaderFrom,
  cookieValue,
  createAuthTestApp,
  fromAddress,
  insertUser,
  moveBucketIntoThePast,
  randomTestAddress,
  setCookiesOf,
  viewerIdOf,
} from "./test-support.ts";

const jwt = "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+";
const unsignedJwt = "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.";

let t: TestApp;
beforeAll(async () => {
  t = await createAuthTestApp();
});

function login(app: TestApp, email: string, password: string, headers: Record<string, string> = {}) {
  return app.request("POST", "/api/user/login", { body: { email, password }, headers });
}

describe("POST /api/user/login", () => {
  test("sets four cookies with the original's attributes", async () => {
    const user = await createTestUser(t);

    const response = await login(t, user.email, testPassword);
    const cookies = setCookiesOf(response);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(response.headers.get("content-type")).toBeNull();
    expect([...cookies.keys()]).toEqual([accessCookie, accessInfoCookie, refreshCookie, refreshInfoCookie]);
    expect(cookies.get(accessCookie)).toMatch(new RegExp(`^stashsphere-access=${jwt}; Path=/; Max-Age=21600; HttpOnly; SameSite=Strict$`));
    expect(cookies.get(accessInfoCookie)).toMatch(new RegExp(`^stashsphere-info=${unsignedJwt}; Path=/; Max-Age=21600; SameSite=Strict$`));
    expect(cookies.get(refreshCookie)).toMatch(new RegExp(`^stashsphere-refresh=${jwt}; Path=/api/user/refresh; Max-Age=604800; HttpOnly; SameSite=Strict$`));
    expect(cookies.get(refreshInfoCookie)).toMatch(new RegExp(`^stashsphere-refresh-info=${unsignedJwt}; Path=/; Max-Age=604800; SameSite=Strict$`));
  });

  test("cookies carry Domain and Secure when configured", async () => {
    const secure = await createAuthTestApp((config) => {
      config.secureCookies = true;
      config.cookieDomain = "stash.example.com";
    });
    const user = await createTestUser(secure);

    const cookies = setCookiesOf(await login(secure, user.email, testPassword));

    expect(cookies.get(accessCookie)).toMatch(
      new RegExp(`^stashsphere-access=${jwt}; Path=/; Domain=stash.example.com; Max-Age=21600; HttpOnly; Secure; SameSite=Strict$`),
    );
    expect(cookies.get(refreshCookie)).toMatch(
      new RegExp(`^stashsphere-refresh=${jwt}; Path=/api/user/refresh; Domain=stash.example.com; Max-Age=604800; HttpOnly; Secure; SameSite=Strict$`),
    );
    expect(cookies.get(accessInfoCookie)).toEndWith("; Path=/; Domain=stash.example.com; Max-Age=21600; Secure; SameSite=Strict");
    expect(cookies.get(refreshInfoCookie)).toEndWith("; Path=/; Domain=stash.example.com; Max-Age=604800; Secure; SameSite=Strict");
  });

  test("access cookie authenticates the user", async () => {
    const user = await createTestUser(t);

    const response = await login(t, user.email, testPassword);

    expect(await viewerIdOf(t, cookieHeaderFrom(response))).toBe(user.id);
  });

  test("tokens carry the original's claims and purposes", async () => {
    const user = await createTestUser(t, { name: "Claire Claims" });
    const now = Math.floor(t.clock.now().getTime() / 1000);

    const response = await login(t, user.email, testPassword);
    const access = claimsOf(cookieValue(response, accessCookie)!);
    const refresh = claimsOf(cookieValue(response, refreshCookie)!);

    expect(access).toMatchObject({ userId: user.id, email: user.email, name: "Claire Claims", iss: "inventory", sub: "access", iat: now, nbf: now, exp: now + 21600 });
    expect(refresh).toMatchObject({ userId: user.id, iss: "inventory", sub: "refresh", iat: now, nbf: now, exp: now + 604800 });
    expect(claimsOf(cookieValue(response, accessInfoCookie)!)).toEqual(access);
    expect(claimsOf(cookieValue(response, refreshInfoCookie)!)).toEqual(refresh);
  });

  test("e-mail matches regardless of case and spaces", async () => {
    const user = await createTestUser(t, { email: `Mixed.Case-${crypto.randomUUID()}@Example.TEST` });

    const upper = await login(t, ` ${user.email.toUpperCase()} `, testPassword);
    const lower = await login(t, user.email.toLowerCase(), testPassword);

    expect(upper.status).toBe(200);
    expect(lower.status).toBe(200);
    expect(await viewerIdOf(t, cookieHeaderFrom(upper))).toBe(user.id);
  });

  test("wrong password is 401 without cookies", async () => {
    const user = await createTestUser(t);

    const response = await login(t, user.email, "not the password");
    const body = await response.json();

    expect(response.status).toBe(401);
    expect(body).toMatchObject({ code: 401, error: "unauthenticated", message: "wrong e-mail or password" });
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  test("unknown e-mail is the same 401", async () => {
    const response = await login(t, `nobody-${crypto.randomUUID()}@example.test`, testPassword);

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 401, error: "unauthenticated", message: "wrong e-mail or password" });
  });

  test("account without password is told to use its provider", async () => {
    const user = await insertUser(t, null);

    const response = await login(t, user.email, "anything at all");

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      code: 401,
      error: "unauthenticated",
      message: "this account has no password; sign in with the provider you registered with",
    });
  });

  test("account scheduled for deletion can log in", async () => {
    const user = await createTestUser(t);
    await t.db.query(sql`update users set purge_at = now() + interval '1 day' where id = ${user.id}`);

    const response = await login(t, user.email, testPassword);

    expect(response.status).toBe(200);
  });

  test("empty fields are 400 naming the field", async () => {
    const noEmail = await login(t, "", "x");
    const noPassword = await login(t, "a@example.test", "");

    expect(noEmail.status).toBe(400);
    expect(await noEmail.json()).toMatchObject({ code: 400, error: "invalid_input", field: "email", message: "email: must not be empty" });
    expect(noPassword.status).toBe(400);
    expect(await noPassword.json()).toMatchObject({ field: "password", message: "password: must not be empty" });
  });

  test("password over 1024 bytes is 400", async () => {
    const response = await login(t, "a@example.test", "x".repeat(1025));

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: "password", message: "password: must be at most 1024 bytes long" });
  });

  test("failure is logged with user id and client address", async () => {
    const lines: string[] = [];
    const logged = await createTestApp(undefined, { log: createLogger({ format: "json", write: (line) => lines.push(line) }) });
    const user = await createTestUser(logged);

    await login(logged, user.email, "not the password", fromAddress("198.51.100.23"));
    const entry = lines.map((line) => JSON.parse(line)).find((fields) => fields.msg === "login failed");

    expect(entry).toMatchObject({ reason: "wrong-credentials", userId: user.id, clientAddress: "198.51.100.23" });
    expect(lines.join("\n")).not.toContain("not the password");
  });

  test("form-encoded body is 415", async () => {
    const response = await t.request("POST", "/api/user/login", {
      body: "email=a%40example.test&password=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });

    expect(response.status).toBe(415);
  });
});

// Hashes made by libxcrypt's crypt(3) from Perl, in the `$2a$` format of Go's bcrypt package.
const bcryptPassword =
  "correct horse battery staple correct horse battery staple correct horse battery staple correct horse";
const bcryptHash = "$2a$04$Ktm5rdjyEyLFV3ZnJvRgaOk4vqLNitV9ikaCICkGXZ8uOyNR4PGjK";

describe("login with a bcrypt hash of the original", () => {
  test("succeeds and replaces the hash with argon2id", async () => {
    const user = await insertUser(t, bcryptHash);

    const first = await login(t, user.email, bcryptPassword);
    const stored = await queryOne<{ password_hash: string }>(t.db, sql`select password_hash from users where id = ${user.id}`);
    const second = await login(t, user.email, bcryptPassword);

    expect(first.status).toBe(200);
    expect(stored?.password_hash).toStartWith("$argon2id$v=19$m=19456,t=2,p=1$");
    expect(second.status).toBe(200);
  });

  test("after the upgrade all bytes of a long password count", async () => {
    const user = await insertUser(t, bcryptHash);
    await login(t, user.email, bcryptPassword);

    // Before the upgrade, bcrypt ignored everything after byte 72.
    const response = await login(t, user.email, `${bcryptPassword.slice(0, 72)} but a different ending`);

    expect(response.status).toBe(401);
  });

  test("wrong password keeps the bcrypt hash", async () => {
    const user = await insertUser(t, bcryptHash);

    const response = await login(t, user.email, "not it at all");
    const stored = await queryOne<{ password_hash: string }>(t.db, sql`select password_hash from users where id = ${user.id}`);

    expect(response.status).toBe(401);
    expect(stored?.password_hash).toBe(bcryptHash);
  });
});

describe("login rate limits", () => {
  test("eleventh attempt for one account is 429 with Retry-After", async () => {
    const user = await createTestUser(t);
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await login(t, user.email, `wrong ${attempt}`)).status).toBe(401);
    }

    const response = await login(t, user.email.toUpperCase(), testPassword);

    // One token a minute: the wait is a minute less the time the ten attempts took.
    const retryAfter = Number(response.headers.get("retry-after"));
    expect(response.status).toBe(429);
    expect(retryAfter).toBeGreaterThan(30);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await response.json()).toMatchObject({
      code: 429,
      error: "rate_limited",
      message: `too many login attempts for this account; try again in ${retryAfter} seconds`,
    });
  });

  test("account limit refills with time", async () => {
    const user = await createTestUser(t);
    for (let attempt = 1; attempt <= 10; attempt++) await login(t, user.email, `wrong ${attempt}`);

    await moveBucketIntoThePast(t, `login-account:${emailRateLimitSubject(user.email)}`, 60);
    const afterAMinute = await login(t, user.email, testPassword);
    const rightAway = await login(t, user.email, testPassword);

    expect(afterAMinute.status).toBe(200);
    expect(rightAway.status).toBe(429);
  });

  test("twenty-first attempt from one address is 429", async () => {
    const address = fromAddress(randomTestAddress());
    for (let attempt = 1; attempt <= 20; attempt++) {
      expect((await login(t, `someone-${attempt}-${crypto.randomUUID()}@example.test`, "wrong", address)).status).toBe(401);
    }

    const blocked = await login(t, `someone-else-${crypto.randomUUID()}@example.test`, "wrong", address);
    const otherAddress = await login(t, `someone-else-${crypto.randomUUID()}@example.test`, "wrong", fromAddress(randomTestAddress()));

    // Ten tokens a minute: at most 6 seconds until the next one.
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(blocked.headers.get("retry-after"))).toBeLessThanOrEqual(6);
    expect(otherAddress.status).toBe(401);
  });

  test("two instances on one database share the limit", async () => {
    const other = await createAuthTestApp();
    const address = fromAddress(randomTestAddress());
    for (let attempt = 1; attempt <= 20; attempt++) {
      await login(attempt % 2 === 0 ? t : other, `shared-${attempt}-${crypto.randomUUID()}@example.test`, "wrong", address);
    }

    const first = await login(t, `shared-${crypto.randomUUID()}@example.test`, "wrong", address);
    const second = await login(other, `shared-${crypto.randomUUID()}@example.test`, "wrong", address);

    expect(first.status).toBe(429);
    expect(second.status).toBe(429);
  });
});
