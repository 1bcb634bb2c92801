import { accessCookie } from "../auth/cookies.ts";
import { verifyAccessToken } from "../auth/tokens.ts";
import type { Config, OidcProviderConfig } from "../config/index.ts";
import { createLogger } from "../log/logger.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { startTestOidcProvider, type TestIdentity, type TestOidcProvider } from "../testing/oidc-provider.ts";
import { TestBrowser, type HostHandler, type Visit } from "../testing/test-browser.ts";
import { providerDirectoryFor } from "./provider-directory.ts";

/** The API runs in process at this origin; the web app is never fetched, only landed on. */
export const apiOrigin = "http://localhost";
export const webAppOrigin = "http://app.localhost";

export interface ProviderSetup {
  name: string;
  /** The provider publishes its issuer with a trailing slash. */
  trailingSlash?: boolean;
  /** `issuer_url` as the operator wrote it; defaults to the published issuer. */
  configuredIssuer?: (published: string) => string;
  claimsInIdToken?: boolean;
  /**
   * Configure the provider on a free port but start it only when the test calls
   * `startProvider`, as for a provider that is down while the server starts.
   */
  startLater?: boolean;
  clockLeewaySeconds?: number;
}

export interface OidcTestSetup {
  t: TestApp;
  providers: Map<string, TestOidcProvider>;
  /** Log lines of the application, parsed from JSON, oldest first. */
  logs: Record<string, unknown>[];
  /** The `detail` of the latest "OIDC login failed" line: why the callback refused a login. */
  lastFailureDetail(): string | undefined;
  /** Start a provider configured with `startLater`. */
  startProvider(name: string): Promise<TestOidcProvider>;
  /** A browser with no cookies that reaches the API and every provider. */
  newBrowser(): TestBrowser;
  /** Run the app's clock this far ahead of real time (negative: behind) from now on. */
  setClockOffset(milliseconds: number): void;
  /** Walk from authorize through the provider and stop before the callback; returns the callback URL. */
  startLogIn(browser: TestBrowser, provider: string, identity: TestIdentity): Promise<URL>;
  /** Walk a whole login: authorize, the provider, the callback; ends on the web app. */
  logIn(browser: TestBrowser, provider: string, identity: TestIdentity, options?: { redirectTo?: string }): Promise<{ landing: URL; visits: Visit[] }>;
  close(): Promise<void>;
}

/** The client every test provider registers. */
export const testClient = { clientId: "stashsphere", clientSecret: "test-client-secret" };

async function freePort(): Promise<number> {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = probe.port!;
  await probe.stop(true);
  return port;
}

export function callbackUrl(name: string): string {
  return `${apiOrigin}/api/auth/oidc/${name}/callback`;
}

export function providerConfig(name: string, issuerUrl: string, provider: { clientId: string; clientSecret: string }, leeway = 60): OidcProviderConfig {
  return {
    name,
    display_name: `${name} login`,
    issuer_url: issuerUrl,
    client_id: provider.clientId,
    client_secret: provider.clientSecret,
    scopes: ["openid", "profile", "email"],
    email_claim: "email",
    name_claim: "name",
    clock_leeway_seconds: leeway,
  };
}

/**
 * Start one real provider per entry and an application configured for them, with `baseUrl`
 * unset (so callback URLs come from the request) and the web app on its own origin.
 */
export async function createOidcTestSetup(setups: ProviderSetup[], configure?: (config: Config) => void): Promise<OidcTestSetup> {
  const providers = new Map<string, TestOidcProvider>();
  const ports = new Map<string, number>();
  const handlers = new Map<string, HostHandler>();
  const startProvider = async (setup: ProviderSetup) => {
    const provider = await startTestOidcProvider({
      port: ports.get(setup.name),
      clientId: testClient.clientId,
      clientSecret: testClient.clientSecret,
      trailingSlash: setup.trailingSlash,
      claimsInIdToken: setup.claimsInIdToken,
      redirectUris: [callbackUrl(setup.name)],
      postLogoutRedirectUris: [`${webAppOrigin}/user/login?signedOut=1`],
    });
    providers.set(setup.name, provider);
    ports.set(setup.name, provider.port);
    handlers.set(`127.0.0.1:${provider.port}`, (request) => fetch(request));
    return provider;
  };
  for (const setup of setups) {
    if (setup.startLater) ports.set(setup.name, await freePort());
    else await startProvider(setup);
  }

  const logs: Record<string, unknown>[] = [];
  const log = createLogger({ level: "debug", format: "json", write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) });
  const t = await createTestApp((config) => {
    config.frontendUrl = webAppOrigin;
    config.domains.allowed = [webAppOrigin];
    config.auth.oidc = {
      enabled: true,
      providers: setups.map((setup) => {
        const published = providers.get(setup.name)?.issuer ?? `http://127.0.0.1:${ports.get(setup.name)}${setup.trailingSlash ? "/" : ""}`;
        const issuerUrl = setup.configuredIssuer ? setup.configuredIssuer(published) : published;
        return providerConfig(setup.name, issuerUrl, testClient, setup.clockLeewaySeconds);
      }),
    };
    configure?.(config);
  }, { log });

  let clockOffset = 0;
  const callApp = (request: Request) => {
    t.clock.set(new Date(Date.now() + clockOffset));
    return Promise.resolve(t.app.request(request));
  };
  handlers.set(new URL(apiOrigin).host, callApp);
  // Browsers share the handler map, so one made before `startProvider` reaches that provider too.
  const newBrowser = () => new TestBrowser(handlers);

  return {
    t,
    providers,
    logs,
    lastFailureDetail: () => logs.findLast((line) => line.msg === "OIDC login failed")?.detail as string | undefined,
    newBrowser,
    startProvider: (name) => startProvider(setups.find((setup) => setup.name === name)!),
    setClockOffset: (milliseconds) => {
      clockOffset = milliseconds;
    },
    async startLogIn(browser, provider, identity) {
      providers.get(provider)!.signInAs(identity);
      const { landing } = await browser.walk(`${apiOrigin}/api/auth/oidc/${provider}/authorize`, { stopBefore: (url) => url.pathname.endsWith("/callback") });
      if (!landing.pathname.endsWith("/callback")) throw new Error(`the login did not reach the callback but ${landing}`);
      return landing;
    },
    async logIn(browser, provider, identity, options = {}) {
      providers.get(provider)!.signInAs(identity);
      const query = options.redirectTo === undefined ? "" : `?redirect_to=${encodeURIComponent(options.redirectTo)}`;
      return browser.walk(`${apiOrigin}/api/auth/oidc/${provider}/authorize${query}`);
    },
    async close() {
      providerDirectoryFor(t.deps).close();
      for (const provider of providers.values()) await provider.stop();
    },
  };
}

/** Return the user id of the browser's session, or undefined when it has none that verifies. */
export async function sessionUserId(t: TestApp, browser: TestBrowser): Promise<string | undefined> {
  const token = browser.cookie(new URL(apiOrigin).host, accessCookie);
  if (!token) return undefined;
  return (await verifyAccessToken(t.deps.signingKey, token, t.clock.now()))?.userId;
}

/** Return the query parameters of the web app address where a login walk ended. */
export function landingParameters(landing: URL): Record<string, string> {
  return Object.fromEntries(landing.searchParams.entries());
}

let subjectCounter = 0;

/** Make a provider account with a fresh subject and e-mail address, verified unless overridden. */
export function newIdentity(overrides: Partial<TestIdentity> = {}): TestIdentity {
  subjectCounter += 1;
  const unique = `${Date.now().toString(36)}-${subjectCounter}-${Math.random().toString(36).slice(2, 8)}`;
  return { sub: `subject-${unique}`, email: `oidc-${unique}@example.test`, email_verified: true, name: `OIDC Person ${subjectCounter}`, ...overrides };
}
