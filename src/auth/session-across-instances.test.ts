import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import { createLogger } from "../log/logger.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, testPassword } from "../testing/users.ts";
import { cookieHeaderFrom, createAuthTestApp, viewerIdOf } from "./test-support.ts";

// Two instances of the application on one database, as behind a load balancer: the session
// epoch lives in the database only, so what one instance revokes the other refuses at once,
// whatever either has cached about the token.
let first: TestApp;
let second: TestApp;
const secondLog: string[] = [];

beforeAll(async () => {
  first = await createAuthTestApp();
  second = await createTestApp(undefined, {
    signingKey: first.deps.signingKey,
    log: createLogger({ format: "json", write: (line) => secondLog.push(line) }),
  });
  second.app.get("/test/viewer", (c) => c.json({ id: c.get("viewer")?.id ?? null }));
});

async function logIn(app: TestApp, email: string): Promise<string> {
  const response = await app.request("POST", "/api/user/login", { body: { email, password: testPassword } });
  expect(response.status).toBe(200);
  return cookieHeaderFrom(response);
}

describe("a session shared by two instances", () => {
  test("logout on one instance ends it on the other at the next request", async () => {
    const user = await createTestUser(first);
    const session = await logIn(first, user.email);
    expect((await second.request("GET", "/api/user/profile", { cookie: session })).status).toBe(200);
    expect(await viewerIdOf(second, session)).toBe(user.id);

    expect((await first.request("DELETE", "/api/user/logout", { cookie: session })).status).toBe(200);

    const profile = await second.request("GET", "/api/user/profile", { cookie: session });
    expect(profile.status).toBe(401);
    expect(await profile.json()).toMatchObject({ code: 401, error: "unauthenticated" });
    expect(await viewerIdOf(second, session)).toBeNull();
  });

  test("a login after the logout works on both instances", async () => {
    const user = await createTestUser(first);
    const old = await logIn(first, user.email);
    expect((await second.request("DELETE", "/api/user/logout", { cookie: old })).status).toBe(200);

    const fresh = await logIn(second, user.email);

    expect((await first.request("GET", "/api/user/profile", { cookie: fresh })).status).toBe(200);
    expect((await second.request("GET", "/api/user/profile", { cookie: old })).status).toBe(401);
  });
});

describe("GET /api/user/profile checks the session in its own query", () => {
  test("answers the profile and logs the user id", async () => {
    const user = await createTestUser(second);

    const response = await second.request("GET", "/api/user/profile", { cookie: user.cookie, headers: { "x-request-id": "profile-log-1" } });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: user.id, name: user.name, email: user.email, emailVerified: false });
    const line = secondLog.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry.requestId === "profile-log-1");
    expect(line).toMatchObject({ msg: "request", method: "GET", path: "/api/user/profile", status: 200, userId: user.id });
  });

  test("a token of a deleted account is 401", async () => {
    const user = await createTestUser(second);
    await second.db.query(sql`delete from users where id = ${user.id}`);

    expect((await second.request("GET", "/api/user/profile", { cookie: user.cookie })).status).toBe(401);
  });

  test("HEAD is answered like GET", async () => {
    const user = await createTestUser(second);

    const response = await second.request("HEAD", "/api/user/profile", { cookie: user.cookie });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });
});
