import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "../db/sql.ts";
import type { TestApp } from "../testing/app.ts";
import { createTestUser, testPassword } from "../testing/users.ts";
import { accessCookie, accessInfoCookie, refreshCookie, refreshInfoCookie } from "./cookies.ts";
import { claimsOf, cookieHeaderFrom, cookieValue, createAuthTestApp, setCookiesOf, viewerIdOf } from "./test-support.ts";

const hour = 60 * 60 * 1000;
const day = 24 * hour;

let t: TestApp;
beforeAll(async () => {
  t = await createAuthTestApp();
});

async function logIn(app: TestApp, email: string): Promise<Response> {
  const response = await app.request("POST", "/api/user/login", { body: { email, password: testPassword } });
  expect(response.status).toBe(200);
  return response;
}

const refresh = (app: TestApp, cookie?: string) => app.request("POST", "/api/user/refresh", { cookie });
const logout = (app: TestApp, cookie?: string) => app.request("DELETE", "/api/user/logout", { cookie });

function expectClearedCookies(response: Response): void {
  expect(response.headers.getSetCookie()).toEqual([
    "stashsphere-access=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict",
    "stashsphere-info=; Path=/; Max-Age=0; SameSite=Strict",
    "stashsphere-refresh=; Path=/api/user/refresh; Max-Age=0; HttpOnly; SameSite=Strict",
    "stashsphere-refresh-info=; Path=/; Max-Age=0; SameSite=Strict",
  ]);
}

describe("POST /api/user/refresh", () => {
  test("issues four fresh cookies that authenticate", async () => {
    const user = await createTestUser(t);
    const session = cookieHeaderFrom(await logIn(t, user.email));
    t.clock.advance(hour);

    const response = await refresh(t, session);
    const access = claimsOf(cookieValue(response, accessCookie)!);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect([...setCookiesOf(response).keys()]).toEqual([accessCookie, accessInfoCookie, refreshCookie, refreshInfoCookie]);
    expect(access.iat).toBe(Math.floor(t.clock.now().getTime() / 1000));
    expect(await viewerIdOf(t, cookieHeaderFrom(response))).toBe(user.id);
  });

  test("works with the refresh cookie alone after the access token expired", async () => {
    const user = await createTestUser(t);
    const login = await logIn(t, user.email);
    const session = cookieHeaderFrom(login);
    const refreshOnly = `${refreshCookie}=${cookieValue(login, refreshCookie)}`;

    t.clock.advance(6 * hour + 1000);

    expect(await viewerIdOf(t, session)).toBeNull();
    expect((await refresh(t, refreshOnly)).status).toBe(200);
  });

  test("puts the current name and e-mail into the new access token", async () => {
    const user = await createTestUser(t);
    const session = cookieHeaderFrom(await logIn(t, user.email));
    await t.db.query(sql`update users set name = 'Renamed Person' where id = ${user.id}`);

    const response = await refresh(t, session);

    expect(claimsOf(cookieValue(response, accessCookie)!)).toMatchObject({ name: "Renamed Person", email: user.email });
  });

  test("without a refresh cookie is 401 and clears cookies", async () => {
    const response = await refresh(t);

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 401, error: "unauthenticated", message: "Authentication required" });
    expectClearedCookies(response);
  });

  test("with an expired refresh token is 401 and clears cookies", async () => {
    const user = await createTestUser(t);
    const session = cookieHeaderFrom(await logIn(t, user.email));

    t.clock.advance(7 * day + 1000);
    const response = await refresh(t, session);

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 401, message: "the session has expired or was ended; log in again" });
    expectClearedCookies(response);
  });

  test("refresh token is valid until its last second", async () => {
    const user = await createTestUser(t);
    const session = cookieHeaderFrom(await logIn(t, user.email));

    t.clock.advance(7 * day - 1000);

    expect((await refresh(t, session)).status).toBe(200);
  });

  test("of a deleted user is 401", async () => {
    const user = await createTestUser(t);
    const session = cookieHeaderFrom(await logIn(t, user.email));
    await t.db.query(sql`delete from users where id = ${user.id}`);

    const response = await refresh(t, session);

    expect(response.status).toBe(401);
    expectClearedCookies(response);
  });

  test("after the session epoch moved is 401", async () => {
    const user = await createTestUser(t);
    const session = cookieHeaderFrom(await logIn(t, user.email));
    await t.db.query(sql`update users set session_epoch = session_epoch + 1 where id = ${user.id}`);

    expect((await refresh(t, session)).status).toBe(401);
  });

  test("thirty-first refresh of one account within moments is 429", async () => {
    const user = await createTestUser(t);
    const session = cookieHeaderFrom(await logIn(t, user.email));
    for (let attempt = 1; attempt <= 30; attempt++) expect((await refresh(t, session)).status).toBe(200);

    const response = await refresh(t, session);

    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("DELETE /api/user/logout", () => {
  test("clears the four cookies", async () => {
    const user = await createTestUser(t);
    const session = cookieHeaderFrom(await logIn(t, user.email));

    const response = await logout(t, session);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expectClearedCookies(response);
  });

  test("clears cookies with Domain and Secure as configured", async () => {
    const secure = await createAuthTestApp((config) => {
      config.secureCookies = true;
      config.cookieDomain = "stash.example.com";
    });

    const response = await logout(secure);

    expect(response.headers.getSetCookie()).toEqual([
      "stashsphere-access=; Path=/; Domain=stash.example.com; Max-Age=0; HttpOnly; Secure; SameSite=Strict",
      "stashsphere-info=; Path=/; Domain=stash.example.com; Max-Age=0; Secure; SameSite=Strict",
      "stashsphere-refresh=; Path=/api/user/refresh; Domain=stash.example.com; Max-Age=0; HttpOnly; Secure; SameSite=Strict",
      "stashsphere-refresh-info=; Path=/; Domain=stash.example.com; Max-Age=0; Secure; SameSite=Strict",
    ]);
  });

  test("works without a session", async () => {
    const response = await logout(t);

    expect(response.status).toBe(200);
    expectClearedCookies(response);
  });

  test("ends the sessions of every device", async () => {
    const user = await createTestUser(t);
    const laptop = cookieHeaderFrom(await logIn(t, user.email));
    const phone = cookieHeaderFrom(await logIn(t, user.email));

    await logout(t, laptop);

    expect(await viewerIdOf(t, laptop)).toBeNull();
    expect(await viewerIdOf(t, phone)).toBeNull();
    expect((await refresh(t, phone)).status).toBe(401);
  });

  test("a later login works again", async () => {
    const user = await createTestUser(t);
    await logout(t, cookieHeaderFrom(await logIn(t, user.email)));

    const again = cookieHeaderFrom(await logIn(t, user.email));

    expect(await viewerIdOf(t, again)).toBe(user.id);
  });
});
