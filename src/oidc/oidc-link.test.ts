import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { accessCookie } from "../auth/cookies.ts";
import { issueAccessToken } from "../auth/tokens.ts";
import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { TestBrowser } from "../testing/test-browser.ts";
import { createTestUser, type TestUser } from "../testing/users.ts";
import { issueLinkChallenge, readLinkChallenge } from "./link-challenge.ts";
import { apiOrigin, createOidcTestSetup, landingParameters, newIdentity, sessionUserId, type OidcTestSetup } from "./test-support.ts";

let setup: OidcTestSetup;
const apiHost = new URL(apiOrigin).host;

beforeAll(async () => {
  setup = await createOidcTestSetup([{ name: "idp" }, { name: "other" }]);
});

afterAll(() => setup?.close());

/** Log in at `provider` with the address of `user`, which ends in a link challenge. */
async function challengeFor(user: TestUser, provider = "idp", email = user.email) {
  const browser = setup.newBrowser();
  const identity = newIdentity({ email });
  const { landing, visits } = await setup.logIn(browser, provider, identity);
  return { browser, identity, landing, callbackResponse: visits.at(-1)!.response, challenge: browser.cookie(apiHost, "oidc-link-challenge")! };
}

function link(browser: TestBrowser, provider: string, body: unknown) {
  return browser.request(`${apiOrigin}/api/auth/oidc/${provider}/link`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
}

async function identityOwner(provider: string, subject: string) {
  return (await queryOne<{ user_id: string }>(setup.t.db, sql`select user_id from oidc_identities where provider = ${provider} and subject = ${subject}`))?.user_id;
}

describe("OIDC account linking", () => {
  test("address of a password account asks for the password", async () => {
    const user = await createTestUser(setup.t);

    const { browser, identity, landing, callbackResponse, challenge } = await challengeFor(user);

    expect(landingParameters(landing)).toEqual({ action: "link_required", email: user.email, provider: "idp" });
    expect(await sessionUserId(setup.t, browser)).toBeUndefined();
    expect(await identityOwner("idp", identity.sub)).toBeUndefined();
    const cookie = callbackResponse.headers.getSetCookie().find((line) => line.startsWith("oidc-link-challenge="));
    expect(cookie).toMatch(/^oidc-link-challenge=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; Max-Age=600; SameSite=Lax$/);
    expect(await readLinkChallenge(setup.t.deps.signingKey, challenge, setup.t.clock.now())).toEqual({
      userId: user.id,
      email: user.email,
      provider: "idp",
      subject: identity.sub,
    });
  });

  test("address matches regardless of case", async () => {
    const user = await createTestUser(setup.t, { email: `Mixed.Case-${Date.now()}@Example.test` });

    const { landing } = await challengeFor(user, "idp", user.email.toLowerCase());

    expect(landingParameters(landing).action).toBe("link_required");
    expect(landingParameters(landing).email).toBe(user.email);
  });

  test("right password links and logs in", async () => {
    const user = await createTestUser(setup.t);
    const { browser, identity, challenge } = await challengeFor(user);

    const response = await link(browser, "idp", { password: user.password, challengeToken: challenge });

    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.text()).toBe("");
    expect(await sessionUserId(setup.t, browser)).toBe(user.id);
    expect(browser.cookie(apiHost, "oidc-link-challenge")).toBeUndefined();
    expect(await identityOwner("idp", identity.sub)).toBe(user.id);
    const verified = await queryOne(setup.t.db, sql`select 1 from email_verifications where user_id = ${user.id} and verified_at is not null`);
    expect(verified).toBeDefined();
  });

  test("linked identity logs in directly next time", async () => {
    const user = await createTestUser(setup.t);
    const first = await challengeFor(user);
    await link(first.browser, "idp", { password: user.password, challengeToken: first.challenge });

    const browser = setup.newBrowser();
    const { landing } = await setup.logIn(browser, "idp", first.identity);

    expect(landingParameters(landing)).toEqual({ status: "success" });
    expect(await sessionUserId(setup.t, browser)).toBe(user.id);
  });

  test("wrong password is a 401 and links nothing", async () => {
    const user = await createTestUser(setup.t);
    const { browser, identity, challenge } = await challengeFor(user);

    const response = await link(browser, "idp", { password: "not the password", challengeToken: challenge });

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 401, error: "unauthenticated" });
    expect(await sessionUserId(setup.t, browser)).toBeUndefined();
    expect(await identityOwner("idp", identity.sub)).toBeUndefined();
  });

  test("sixth password guess for one account is 429", async () => {
    const user = await createTestUser(setup.t);
    const { browser, challenge } = await challengeFor(user);
    for (let guess = 1; guess <= 5; guess++) {
      expect((await link(browser, "idp", { password: `guess ${guess}`, challengeToken: challenge })).status).toBe(401);
    }

    const response = await link(browser, "idp", { password: user.password, challengeToken: challenge });

    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  test("challenge of another provider is rejected", async () => {
    const user = await createTestUser(setup.t);
    const { browser, challenge } = await challengeFor(user, "idp");

    const response = await link(browser, "other", { password: user.password, challengeToken: challenge });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_input", field: "challengeToken" });
    expect(await sessionUserId(setup.t, browser)).toBeUndefined();
  });

  test("expired or forged challenge is rejected", async () => {
    const user = await createTestUser(setup.t);
    const { browser, challenge } = await challengeFor(user);
    const accessToken = (await issueAccessToken(setup.t.deps.signingKey, { id: user.id, name: user.name, email: user.email, sessionEpoch: 0 }, new Date())).token;
    const [header, payload, signature] = challenge.split(".");
    // One bit of the signature flipped. Overwriting its last characters with fixed ones left
    // it unchanged whenever it already ended in them.
    const signatureBytes = Buffer.from(signature!, "base64url");
    signatureBytes[0]! ^= 1;
    const tampered = `${header}.${payload}.${signatureBytes.toString("base64url")}`;

    for (const challengeToken of [tampered, accessToken, "not-a-token"]) {
      const response = await link(browser, "idp", { password: user.password, challengeToken });

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ field: "challengeToken" });
    }

    setup.setClockOffset(11 * 60_000);
    try {
      const response = await link(browser, "idp", { password: user.password, challengeToken: challenge });

      expect(response.status).toBe(400);
    } finally {
      setup.setClockOffset(0);
    }
  });

  test("challenge is no access token", async () => {
    const user = await createTestUser(setup.t);
    const { challenge } = await challengeFor(user);

    const response = await setup.t.request("GET", "/api/cart", { cookie: `${accessCookie}=${challenge}` });

    expect(response.status).toBe(401);
  });

  test("empty fields are named", async () => {
    for (const [body, field] of [
      [{ password: "", challengeToken: "x" }, "password"],
      [{ password: "x", challengeToken: "" }, "challengeToken"],
      [{ password: "x" }, "challengeToken"],
    ] as const) {
      const response = await setup.t.request("POST", "/api/auth/oidc/idp/link", { body });

      expect(response.status).toBe(400);
      expect((await response.json()).field).toBe(field);
    }
  });

  test("bcrypt hash of the original checks 72 bytes", async () => {
    const user = await createTestUser(setup.t);
    const longPassword = `${"long password ".repeat(6)}with a tail past byte 72`;
    // Go's bcrypt, which made the original's hashes, uses the first 72 bytes of the password.
    const goStyleHash = (await Bun.password.hash(longPassword.slice(0, 72), { algorithm: "bcrypt", cost: 4 })).replace(/^\$2b\$/, "$2a$");
    await setup.t.db.query(sql`update users set password_hash = ${goStyleHash} where id = ${user.id}`);
    const { browser, challenge } = await challengeFor(user);

    const wrong = await link(browser, "idp", { password: `${longPassword.slice(0, 71)}!`, challengeToken: challenge });
    const right = await link(browser, "idp", { password: longPassword, challengeToken: challenge });

    expect(wrong.status).toBe(401);
    expect(right.status, await right.clone().text()).toBe(200);
    expect(await sessionUserId(setup.t, browser)).toBe(user.id);
  });

  test("identity linked elsewhere is a conflict", async () => {
    const owner = await createTestUser(setup.t);
    const ownerLink = await challengeFor(owner);
    await link(ownerLink.browser, "idp", { password: owner.password, challengeToken: ownerLink.challenge });
    const other = await createTestUser(setup.t);
    // A challenge can only name an identity that is not linked yet; this one is signed by hand
    // to reach the race where two accounts link the same identity.
    const challengeToken = await issueLinkChallenge(
      setup.t.deps.signingKey,
      { userId: other.id, email: other.email, provider: "idp", subject: ownerLink.identity.sub },
      setup.t.clock.now(),
    );

    const response = await link(setup.newBrowser(), "idp", { password: other.password, challengeToken });

    expect(response.status).toBe(409);
    expect(await identityOwner("idp", ownerLink.identity.sub)).toBe(owner.id);
  });
});
