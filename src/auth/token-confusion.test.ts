import { beforeAll, describe, expect, test } from "bun:test";
import type { TestApp } from "../testing/app.ts";
import { createTestUser, testPassword } from "../testing/users.ts";
import { accessCookie, accessInfoCookie, refreshCookie, refreshInfoCookie } from "./cookies.ts";
import { generateSigningKeyText, parseSigningKey } from "./signing-key.ts";
import { cookieValue, createAuthTestApp, viewerIdOf } from "./test-support.ts";
import { issueAccessToken, issuePurposeToken } from "./tokens.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createAuthTestApp();
});

async function loggedIn() {
  const user = await createTestUser(t);
  const login = await t.request("POST", "/api/user/login", { body: { email: user.email, password: testPassword } });
  const value = (name: string) => cookieValue(login, name)!;
  return { user, access: value(accessCookie), info: value(accessInfoCookie), refresh: value(refreshCookie), refreshInfo: value(refreshInfoCookie) };
}

const refreshWith = (token: string) => t.request("POST", "/api/user/refresh", { cookie: `${refreshCookie}=${token}` });

describe("token purposes", () => {
  test("refresh token is not accepted as access token", async () => {
    const { refresh } = await loggedIn();

    expect(await viewerIdOf(t, `${accessCookie}=${refresh}`)).toBeNull();
  });

  test("access token is not accepted by refresh", async () => {
    const { access } = await loggedIn();

    expect((await refreshWith(access)).status).toBe(401);
  });

  test("OIDC link challenge is neither access nor refresh token", async () => {
    const { user } = await loggedIn();
    const challenge = await issuePurposeToken(t.deps.signingKey, "oidc-link-challenge", { userId: user.id, epoch: 0 }, 600, t.clock.now());

    expect(await viewerIdOf(t, `${accessCookie}=${challenge}`)).toBeNull();
    expect((await refreshWith(challenge)).status).toBe(401);
  });

  test("unsigned info tokens authenticate nothing", async () => {
    const { info, refreshInfo } = await loggedIn();

    expect(await viewerIdOf(t, `${accessCookie}=${info}`)).toBeNull();
    expect((await refreshWith(refreshInfo)).status).toBe(401);
  });

  test("token signed with another key is rejected", async () => {
    const { user } = await loggedIn();
    const otherKey = parseSigningKey(generateSigningKeyText());
    const forged = await issueAccessToken(otherKey, { ...user, sessionEpoch: 0 }, t.clock.now());

    expect(await viewerIdOf(t, `${accessCookie}=${forged.token}`)).toBeNull();
  });

  test("access token expires after six hours", async () => {
    const { user, access } = await loggedIn();

    t.clock.advance(6 * 60 * 60 * 1000 - 1000);
    const justBefore = await viewerIdOf(t, `${accessCookie}=${access}`);
    t.clock.advance(1000);
    const atExpiry = await viewerIdOf(t, `${accessCookie}=${access}`);

    expect(justBefore).toBe(user.id);
    expect(atExpiry).toBeNull();
  });

  test("token from the future is not yet valid", async () => {
    const user = await createTestUser(t);
    const early = await issueAccessToken(t.deps.signingKey, { ...user, sessionEpoch: 0 }, new Date(t.clock.now().getTime() + 60_000));

    expect(await viewerIdOf(t, `${accessCookie}=${early.token}`)).toBeNull();
  });
});
