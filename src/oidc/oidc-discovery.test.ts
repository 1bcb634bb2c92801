import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { createLogger } from "../log/logger.ts";
import { DiscoveryError, fetchProviderMetadata } from "./discovery.ts";
import { createProviderDirectory, ProviderUnavailableError } from "./provider-directory.ts";
import { apiOrigin, createOidcTestSetup, landingParameters, newIdentity, providerConfig, sessionUserId, testClient, webAppOrigin, type OidcTestSetup } from "./test-support.ts";

const openSetups: OidcTestSetup[] = [];
const servers: ReturnType<typeof Bun.serve>[] = [];

afterAll(async () => {
  for (const setup of openSetups) await setup.close();
});

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop(true);
});

async function setupWith(...parameters: Parameters<typeof createOidcTestSetup>) {
  const setup = await createOidcTestSetup(...parameters);
  openSetups.push(setup);
  return setup;
}

/** Serve `document` as a discovery document on loopback; returns the issuer URL to configure. */
function serveDiscovery(document: (issuer: string) => unknown): string {
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (request) => {
      const url = new URL(request.url);
      if (url.pathname !== "/.well-known/openid-configuration") return new Response("not found", { status: 404 });
      const body = document(`http://127.0.0.1:${server.port}`);
      return typeof body === "string" ? new Response(body) : Response.json(body);
    },
  });
  servers.push(server);
  return `http://127.0.0.1:${server.port}`;
}

const validDocument = (issuer: string) => ({
  issuer,
  authorization_endpoint: `${issuer}/auth`,
  token_endpoint: `${issuer}/token`,
  jwks_uri: `${issuer}/jwks`,
});

describe("OIDC issuer matching", () => {
  test("trailing slash differences are tolerated", async () => {
    const setup = await setupWith([
      { name: "slashed", trailingSlash: true, configuredIssuer: (published) => published.replace(/\/$/, "") },
      { name: "bare", configuredIssuer: (published) => `${published}/` },
    ]);

    for (const name of ["slashed", "bare"]) {
      const browser = setup.newBrowser();
      const { landing } = await setup.logIn(browser, name, newIdentity());

      expect(landingParameters(landing)).toEqual({ status: "success" });
      expect(await sessionUserId(setup.t, browser)).toBeString();
    }
  });

  test("another issuer is named in the error", async () => {
    const issuerUrl = serveDiscovery(() => validDocument("https://id.example/tenant"));

    const failure = await fetchProviderMetadata(issuerUrl).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DiscoveryError);
    expect((failure as Error).message).toContain("names the issuer https://id.example/tenant, but issuer_url is " + issuerUrl);
  });

  test("invalid documents name the problem", async () => {
    const cases: [(issuer: string) => unknown, string][] = [
      [(issuer) => ({ ...validDocument(issuer), jwks_uri: undefined }), "jwks_uri"],
      [(issuer) => ({ ...validDocument(issuer), token_endpoint: "not a url" }), "token_endpoint: must be an absolute URL"],
      [() => "<html>login</html>", "did not return JSON"],
    ];
    for (const [document, expected] of cases) {
      const issuerUrl = serveDiscovery(document);

      const failure = await fetchProviderMetadata(issuerUrl).catch((error: unknown) => error);

      expect((failure as Error).message).toContain(expected);
    }
  });
});

describe("OIDC provider availability", () => {
  test("provider down at start works once it is up", async () => {
    const setup = await setupWith([{ name: "late", startLater: true }]);
    const browser = setup.newBrowser();

    const info = await (await setup.t.request("GET", "/api/info")).json();
    const refused = await setup.t.request("GET", "/api/auth/oidc/late/authorize");

    expect(info.oidcProviders).toEqual([{ name: "late", displayName: "late login", available: false }]);
    expect(refused.status).toBe(503);
    const body = await refused.json();
    expect(body).toMatchObject({ code: 503, error: "service_unavailable" });
    expect(body.message).toStartWith("login with late login is unavailable right now: cannot fetch http://127.0.0.1:");
    expect(refused.headers.get("retry-after")).toBe("30");

    await setup.startProvider("late");
    const { landing } = await setup.logIn(browser, "late", newIdentity());
    const infoAfter = await (await setup.t.request("GET", "/api/info")).json();

    expect(landingParameters(landing)).toEqual({ status: "success" });
    expect(infoAfter.oidcProviders).toEqual([{ name: "late", displayName: "late login", available: true }]);
  });

  test("background retries find a recovered provider", async () => {
    let up = false;
    const issuerUrl = serveDiscovery((issuer) => (up ? validDocument(issuer) : "starting"));
    const directory = createProviderDirectory({
      providers: [providerConfig("slow", issuerUrl, testClient)],
      log: createLogger({ write: () => {} }),
      firstRetryDelayMs: 20,
      maxRetryDelayMs: 100,
    });
    try {
      await expect(directory.discovered("slow")).rejects.toBeInstanceOf(ProviderUnavailableError);
      up = true;

      // Polls without asking for the provider, so only the background retry can make it available.
      const deadline = Date.now() + 10_000;
      while (!directory.statuses()[0]!.available && Date.now() < deadline) await Bun.sleep(20);

      expect(directory.statuses()[0]!.available).toBe(true);
    } finally {
      directory.close();
    }
  });

  test("failed refresh keeps the last metadata", async () => {
    let up = true;
    const issuerUrl = serveDiscovery((issuer) => (up ? validDocument(issuer) : "down"));
    const lines: Record<string, unknown>[] = [];
    const directory = createProviderDirectory({
      providers: [providerConfig("flaky", issuerUrl, testClient)],
      log: createLogger({ level: "debug", format: "json", write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) }),
      refreshIntervalMs: 20,
      firstRetryDelayMs: 20,
    });
    try {
      const first = await directory.discovered("flaky");
      up = false;

      const deadline = Date.now() + 10_000;
      while (!lines.some((line) => line.usingEarlierMetadata === true) && Date.now() < deadline) await Bun.sleep(20);

      expect(lines.some((line) => line.usingEarlierMetadata === true)).toBe(true);
      expect(directory.statuses()[0]!.available).toBe(true);
      expect((await directory.discovered("flaky")).metadata).toEqual(first.metadata);
    } finally {
      directory.close();
    }
  });
});

describe("OIDC logout URL", () => {
  test("points at the provider's end_session_endpoint", async () => {
    const setup = await setupWith([{ name: "idp" }]);

    const response = await setup.t.request("GET", "/api/auth/oidc/idp/logout-url");

    expect(response.status).toBe(200);
    const url = new URL((await response.json()).url);
    expect(`${url.origin}${url.pathname}`).toBe(`http://127.0.0.1:${setup.providers.get("idp")!.port}/session/end`);
    expect(url.searchParams.get("client_id")).toBe(testClient.clientId);
    expect(url.searchParams.get("post_logout_redirect_uri")).toBe(`${webAppOrigin}/user/login?signedOut=1`);
  });

  test("provider signs out and returns", async () => {
    const setup = await setupWith([{ name: "idp" }]);
    const browser = setup.newBrowser();
    await setup.logIn(browser, "idp", newIdentity());
    const { url } = await (await browser.request(`${apiOrigin}/api/auth/oidc/idp/logout-url`)).json();

    // oidc-provider asks the user to confirm with a form; confirming ends its session.
    const page = await (await browser.request(url)).text();
    const action = /action="([^"]+)"/.exec(page)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1];
    expect(action, page).toBeString();
    const confirmed = await browser.request(action!, {
      method: "POST",
      body: new URLSearchParams({ xsrf: xsrf!, logout: "yes" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });

    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toBe(`${webAppOrigin}/user/login?signedOut=1`);
  });

  test("is null without an end_session_endpoint", async () => {
    const issuerUrl = serveDiscovery(validDocument);
    const setup = await setupWith([], (config) => {
      config.auth.oidc = { enabled: true, providers: [providerConfig("plain", issuerUrl, testClient)] };
    });

    const response = await setup.t.request("GET", "/api/auth/oidc/plain/logout-url");

    expect(await response.json()).toEqual({ url: null });
  });
});
