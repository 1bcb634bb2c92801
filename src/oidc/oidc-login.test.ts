import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { createTestUser } from "../testing/users.ts";
import { apiOrigin, createOidcTestSetup, landingParameters, newIdentity, sessionUserId, webAppOrigin, type OidcTestSetup } from "./test-support.ts";

let setup: OidcTestSetup;

beforeAll(async () => {
  setup = await createOidcTestSetup([{ name: "strict" }, { name: "second", claimsInIdToken: true }]);
});

afterAll(() => setup?.close());

async function accountOf(userId: string) {
  return queryOne<{ name: string; email: string; password_hash: string | null; verified: boolean }>(
    setup.t.db,
    sql`select name, email, password_hash, exists (select 1 from email_verifications v where v.user_id = users.id and v.verified_at is not null) as verified
        from users where id = ${userId}`,
  );
}

async function identitiesOf(userId: string) {
  return setup.t.db.query<{ provider: string; subject: string }>(sql`select provider, subject from oidc_identities where user_id = ${userId} order by provider`);
}

describe("OIDC login", () => {
  test("new verified address creates an account and logs in", async () => {
    const browser = setup.newBrowser();
    const identity = newIdentity({ name: "Ada Lovelace" });

    const { landing } = await setup.logIn(browser, "strict", identity);

    expect(landing.origin).toBe(webAppOrigin);
    expect(landing.pathname).toBe("/user/login");
    expect(landingParameters(landing)).toEqual({ status: "success" });
    const userId = await sessionUserId(setup.t, browser);
    expect(userId).toBeString();
    const account = await accountOf(userId!);
    expect(account).toEqual({ name: "Ada Lovelace", email: identity.email!, password_hash: null, verified: true });
    expect(await identitiesOf(userId!)).toEqual([{ provider: "strict", subject: identity.sub }]);
  });

  test("session cookies work on protected routes", async () => {
    const browser = setup.newBrowser();
    await setup.logIn(browser, "strict", newIdentity());

    const response = await browser.request(`${apiOrigin}/api/cart`);

    expect(response.status, await response.clone().text()).toBe(200);
  });

  test("returning identity logs in to the same account", async () => {
    const identity = newIdentity();
    const first = setup.newBrowser();
    await setup.logIn(first, "strict", identity);
    const firstUser = await sessionUserId(setup.t, first);

    const second = setup.newBrowser();
    const { landing } = await setup.logIn(second, "strict", { ...identity, email: `changed-${identity.email}`, name: "Renamed" });

    expect(landingParameters(landing)).toEqual({ status: "success" });
    expect(await sessionUserId(setup.t, second)).toBe(firstUser!);
    expect((await accountOf(firstUser!))?.email).toBe(identity.email!);
  });

  test("name falls back to the address's local part", async () => {
    const browser = setup.newBrowser();
    const identity = newIdentity({ name: undefined });

    await setup.logIn(browser, "strict", identity);

    const account = await accountOf((await sessionUserId(setup.t, browser))!);
    expect(account?.name).toBe(identity.email!.split("@")[0]!);
  });

  test("claims in the ID token need no UserInfo", async () => {
    const browser = setup.newBrowser();
    const identity = newIdentity({ name: "Grace Hopper" });

    const { landing } = await setup.logIn(browser, "second", identity);

    expect(landingParameters(landing)).toEqual({ status: "success" });
    expect((await accountOf((await sessionUserId(setup.t, browser))!))?.name).toBe("Grace Hopper");
  });

  test("email_verified as the string true counts", async () => {
    const browser = setup.newBrowser();

    const { landing } = await setup.logIn(browser, "second", newIdentity({ email_verified: "true" }));

    expect(landingParameters(landing)).toEqual({ status: "success" });
  });

  test("unverified address neither creates nor links", async () => {
    const existing = await createTestUser(setup.t);
    for (const email of [`fresh-${newIdentity().email}`, existing.email]) {
      const browser = setup.newBrowser();

      const { landing } = await setup.logIn(browser, "strict", newIdentity({ email, email_verified: false }));

      const parameters = landingParameters(landing);
      expect(parameters.error).toBe("email_not_verified");
      expect(parameters.error_description).toContain(email);
      expect(await sessionUserId(setup.t, browser)).toBeUndefined();
      expect(browser.cookie(new URL(apiOrigin).host, "oidc-link-challenge")).toBeUndefined();
      const accounts = await setup.t.db.query(sql`select id from users where lower(email) = lower(${email})`);
      expect(accounts.length).toBe(email === existing.email ? 1 : 0);
    }
  });

  test("missing address is refused", async () => {
    const browser = setup.newBrowser();
    const identity = newIdentity({ email: undefined, email_verified: undefined });

    const { landing } = await setup.logIn(browser, "strict", identity);

    expect(landingParameters(landing).error).toBe("email_missing");
    expect(landingParameters(landing).error_description).toBeString();
    const identities = await setup.t.db.query(sql`select 1 from oidc_identities where subject = ${identity.sub}`);
    expect(identities.length).toBe(0);
  });

  test("same subject at a second provider is another identity", async () => {
    const identity = newIdentity();
    const first = setup.newBrowser();
    await setup.logIn(first, "strict", identity);
    const firstUser = await sessionUserId(setup.t, first);

    const second = setup.newBrowser();
    const { landing } = await setup.logIn(second, "second", { ...identity, email: `other-${identity.email}` });

    expect(landingParameters(landing)).toEqual({ status: "success" });
    const secondUser = await sessionUserId(setup.t, second);
    expect(secondUser).toBeString();
    expect(secondUser).not.toBe(firstUser!);
    expect(await identitiesOf(secondUser!)).toEqual([{ provider: "second", subject: identity.sub }]);
  });

  test("address of a password-less account is refused at another provider", async () => {
    const identity = newIdentity();
    await setup.logIn(setup.newBrowser(), "strict", identity);

    const browser = setup.newBrowser();
    const { landing } = await setup.logIn(browser, "second", { ...identity, sub: `${identity.sub}-elsewhere` });

    expect(landingParameters(landing).error).toBe("account_without_password");
    expect(await sessionUserId(setup.t, browser)).toBeUndefined();
  });

  test("accepted redirect_to becomes the landing page", async () => {
    const browser = setup.newBrowser();

    const { landing } = await setup.logIn(browser, "strict", newIdentity(), { redirectTo: `${webAppOrigin}/user/login?next=%2Fthings#top` });

    expect(`${landing.origin}${landing.pathname}`).toBe(`${webAppOrigin}/user/login`);
    expect(landingParameters(landing)).toEqual({ status: "success" });
  });

  test("foreign redirect_to is ignored", async () => {
    for (const redirectTo of ["https://evil.example/steal", "/user/login", "javascript:alert(1)", `http://user:pw@app.localhost/x`]) {
      const browser = setup.newBrowser();

      const { landing } = await setup.logIn(browser, "strict", newIdentity(), { redirectTo });

      expect(`${landing.origin}${landing.pathname}`).toBe(`${webAppOrigin}/user/login`);
    }
  });
});

describe("OIDC first login race", () => {
  test("two first logins make one account", async () => {
    const identity = newIdentity();
    const browsers = [setup.newBrowser(), setup.newBrowser()];
    const callbacks: URL[] = [];
    for (const browser of browsers) callbacks.push(await setup.startLogIn(browser, "strict", identity));

    const results = await Promise.all(browsers.map((browser, index) => browser.walk(callbacks[index]!)));

    for (const { landing } of results) expect(landingParameters(landing)).toEqual({ status: "success" });
    const [first, second] = await Promise.all(browsers.map((browser) => sessionUserId(setup.t, browser)));
    expect(first).toBeString();
    expect(second).toBe(first!);
    const accounts = await setup.t.db.query(sql`select id from users where lower(email) = lower(${identity.email!})`);
    expect(accounts.length).toBe(1);
  });
});
