import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp } from "../testing/app.ts";
import type { TestBrowser } from "../testing/test-browser.ts";
import { providerDirectoryFor } from "./provider-directory.ts";
import { apiOrigin, callbackUrl, createOidcTestSetup, landingParameters, newIdentity, providerConfig, sessionUserId, webAppOrigin, type OidcTestSetup } from "./test-support.ts";

let setup: OidcTestSetup;
const apiHost = new URL(apiOrigin).host;

beforeAll(async () => {
  setup = await createOidcTestSetup([{ name: "idp" }]);
});

afterAll(() => setup?.close());

async function finishWith(browser: TestBrowser, callback: URL) {
  return browser.walk(callback);
}

describe("OIDC authorize", () => {
  test("redirects to the provider with PKCE, state and nonce", async () => {
    const browser = setup.newBrowser();

    const response = await browser.request(`${apiOrigin}/api/auth/oidc/idp/authorize?redirect_to=${encodeURIComponent(`${webAppOrigin}/user/login`)}`);

    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.origin).toBe(`http://127.0.0.1:${setup.providers.get("idp")!.port}`);
    expect(location.searchParams.get("response_type")).toBe("code");
    expect(location.searchParams.get("client_id")).toBe("stashsphere");
    expect(location.searchParams.get("redirect_uri")).toBe(callbackUrl("idp"));
    expect(location.searchParams.get("scope")).toBe("openid profile email");
    expect(location.searchParams.get("code_challenge_method")).toBe("S256");
    expect(location.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get("state")).toBe(browser.cookie(apiHost, "oidc-state")!);
    expect(location.searchParams.get("nonce")).toBe(browser.cookie(apiHost, "oidc-nonce")!);
  });

  test("sets short-lived Lax cookies scoped to the OIDC routes", async () => {
    const t = setup.t;
    t.config.secureCookies = true;
    try {
      const response = await t.request("GET", `/api/auth/oidc/idp/authorize?redirect_to=${encodeURIComponent(`${webAppOrigin}/user/login`)}`);

      const cookies = response.headers.getSetCookie();
      expect(cookies.map((cookie) => cookie.split("=")[0])).toEqual(["oidc-state", "oidc-nonce", "oidc-verifier", "oidc-redirect"]);
      for (const cookie of cookies) {
        expect(cookie).toMatch(/; Path=\/api\/auth\/oidc; Max-Age=600; HttpOnly; Secure; SameSite=Lax$/);
      }
      expect(cookies[3]).toStartWith(`oidc-redirect=${encodeURIComponent(`${webAppOrigin}/user/login`)};`);
    } finally {
      t.config.secureCookies = false;
    }
  });

  test("uses baseUrl for the redirect URI when set", async () => {
    setup.t.config.baseUrl = "https://api.stash.example";
    try {
      const response = await setup.t.request("GET", "/api/auth/oidc/idp/authorize");

      const location = new URL(response.headers.get("location")!);
      expect(location.searchParams.get("redirect_uri")).toBe("https://api.stash.example/api/auth/oidc/idp/callback");
    } finally {
      setup.t.config.baseUrl = undefined;
    }
  });

  test("unknown provider is a 404 on every route", async () => {
    const requests: [string, string][] = [
      ["GET", "/api/auth/oidc/nobody/authorize"],
      ["GET", "/api/auth/oidc/nobody/callback?code=x&state=y"],
      ["POST", "/api/auth/oidc/nobody/link"],
      ["GET", "/api/auth/oidc/nobody/logout-url"],
    ];
    for (const [method, path] of requests) {
      const response = await setup.t.request(method, path, method === "POST" ? { body: { password: "x", challengeToken: "y" } } : {});

      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 404, error: "not_found", message: 'OIDC provider "nobody" not found' });
    }
  });

  test("providers are 404 while OIDC is disabled", async () => {
    const provider = setup.providers.get("idp")!;
    const t = await createTestApp((config) => {
      config.auth.oidc = { enabled: false, providers: [providerConfig("idp", provider.issuer, provider)] };
    });

    const response = await t.request("GET", "/api/auth/oidc/idp/authorize");
    const info = await (await t.request("GET", "/api/info")).json();

    expect(response.status).toBe(404);
    expect(info.oidcProviders).toEqual([]);
    providerDirectoryFor(t.deps).close();
  });
});

describe("OIDC callback", () => {
  test("clears the attempt cookies", async () => {
    const browser = setup.newBrowser();
    const callback = await setup.startLogIn(browser, "idp", newIdentity());

    const response = await browser.request(callback);

    const cleared = response.headers.getSetCookie().filter((cookie) => cookie.startsWith("oidc-"));
    expect(cleared.map((cookie) => cookie.split("=")[0])).toEqual(["oidc-state", "oidc-nonce", "oidc-verifier", "oidc-redirect"]);
    for (const cookie of cleared) expect(cookie).toContain("Max-Age=0");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  test("tampered state is rejected", async () => {
    const browser = setup.newBrowser();
    const callback = await setup.startLogIn(browser, "idp", newIdentity());
    callback.searchParams.set("state", `${callback.searchParams.get("state")}x`);

    const { landing } = await finishWith(browser, callback);

    expect(landingParameters(landing).error).toBe("invalid_state");
    expect(setup.lastFailureDetail()).toBe("state parameter does not match the oidc-state cookie");
    expect(await sessionUserId(setup.t, browser)).toBeUndefined();
  });

  test("callback in another browser is rejected", async () => {
    const callback = await setup.startLogIn(setup.newBrowser(), "idp", newIdentity());
    const other = setup.newBrowser();

    const { landing } = await finishWith(other, callback);

    expect(landingParameters(landing).error).toBe("invalid_state");
    expect(await sessionUserId(setup.t, other)).toBeUndefined();
  });

  test("second callback with the same state fails", async () => {
    const browser = setup.newBrowser();
    const callback = await setup.startLogIn(browser, "idp", newIdentity());
    const first = await finishWith(browser, callback);
    expect(landingParameters(first.landing)).toEqual({ status: "success" });

    const attacker = setup.newBrowser();
    const second = await finishWith(browser, callback);
    const replayedElsewhere = await finishWith(attacker, callback);

    expect(landingParameters(second.landing).error).toBe("invalid_state");
    expect(landingParameters(replayedElsewhere.landing).error).toBe("invalid_state");
    expect(await sessionUserId(setup.t, attacker)).toBeUndefined();
  });

  test("replayed code is rejected by the provider", async () => {
    const browser = setup.newBrowser();
    const callback = await setup.startLogIn(browser, "idp", newIdentity());
    const attemptCookies = ["oidc-state", "oidc-nonce", "oidc-verifier"].map((name) => [name, browser.cookie(apiHost, name)!] as const);
    await finishWith(browser, callback);

    const replayer = setup.newBrowser();
    for (const [name, value] of attemptCookies) replayer.setCookie(apiHost, name, value, "/api/auth/oidc");
    const { landing } = await finishWith(replayer, callback);

    expect(landingParameters(landing).error).toBe("login_failed");
    expect(setup.lastFailureDetail()).toContain("invalid_grant");
    expect(await sessionUserId(setup.t, replayer)).toBeUndefined();
  });

  test("nonce of another attempt is rejected", async () => {
    const browser = setup.newBrowser();
    const callback = await setup.startLogIn(browser, "idp", newIdentity());
    browser.setCookie(apiHost, "oidc-nonce", "a-nonce-from-some-other-attempt");

    const { landing } = await finishWith(browser, callback);

    expect(landingParameters(landing).error).toBe("login_failed");
    expect(setup.lastFailureDetail()).toBe("ID token nonce does not match this login attempt");
    expect(await sessionUserId(setup.t, browser)).toBeUndefined();
  });

  test("error from the provider is passed on", async () => {
    const browser = setup.newBrowser();
    await browser.request(`${apiOrigin}/api/auth/oidc/idp/authorize`);
    const state = browser.cookie(apiHost, "oidc-state")!;

    const { landing } = await browser.walk(`${apiOrigin}/api/auth/oidc/idp/callback?error=access_denied&error_description=${encodeURIComponent("The user cancelled")}&state=${state}`);

    expect(landingParameters(landing)).toEqual({ error: "access_denied", error_description: "The user cancelled" });
  });

  test("iss parameter of another issuer is rejected", async () => {
    const browser = setup.newBrowser();
    const callback = await setup.startLogIn(browser, "idp", newIdentity());
    callback.searchParams.set("iss", "https://attacker.example");

    const { landing } = await finishWith(browser, callback);

    expect(landingParameters(landing).error).toBe("login_failed");
    expect(setup.lastFailureDetail()).toStartWith("iss parameter https://attacker.example is not");
  });

  test("clock 30 seconds off is within the leeway", async () => {
    for (const offset of [30_000, -30_000]) {
      const browser = setup.newBrowser();
      setup.setClockOffset(offset);
      try {
        const { landing } = await setup.logIn(browser, "idp", newIdentity());

        expect(landingParameters(landing)).toEqual({ status: "success" });
      } finally {
        setup.setClockOffset(0);
      }
    }
  });

  test("clock 10 minutes off rejects the ID token", async () => {
    for (const offset of [600_000, -600_000]) {
      const browser = setup.newBrowser();
      setup.setClockOffset(offset);
      try {
        const { landing } = await setup.logIn(browser, "idp", newIdentity());

        expect(landingParameters(landing).error).toBe("login_failed");
        expect(setup.lastFailureDetail()).toContain(`"iat" claim timestamp check failed`);
        expect(browser.cookie(apiHost, "stashsphere-access")).toBeUndefined();
      } finally {
        setup.setClockOffset(0);
      }
    }
  });
});
