import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireViewer } from "../../src/auth/viewer.ts";
import { webRoutes } from "../../src/http/web-routes.ts";
import { providerDirectoryFor } from "../../src/oidc/provider-directory.ts";
import { newIdentity, providerConfig, testClient } from "../../src/oidc/test-support.ts";
import { createTestApp, type TestApp } from "../../src/testing/app.ts";
import { startTestOidcProvider, type TestOidcProvider } from "../../src/testing/oidc-provider.ts";
import { buildWeb } from "../build.ts";
import { chromiumPath, openBrowser } from "./browser.ts";

const unavailable = existsSync(chromiumPath) ? undefined : `${chromiumPath} is missing (apt-get install -y chromium)`;
if (unavailable) console.warn(`skipping the OIDC end-to-end test: ${unavailable}`);

let webDirectory: string;
let server: ReturnType<typeof Bun.serve>;
let provider: TestOidcProvider;
let t: TestApp;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let appOrigin: string;

/**
 * The API and the built web app in one process on loopback, reached as `localhost`, and the
 * provider on `127.0.0.1`: two different sites, so the browser goes through the same
 * cross-site redirects as with a provider on the internet.
 *
 * NOTE: the app runs in this process rather than as `stashsphere serve`, because `serve` does
 * not mount the web app in this checkout yet.
 */
beforeAll(async () => {
  if (unavailable) return;
  webDirectory = await mkdtemp(join(tmpdir(), "stashsphere-web-"));
  await buildWeb(webDirectory);

  let handle: (request: Request, bunServer: ReturnType<typeof Bun.serve>) => Response | Promise<Response> = () => new Response("starting", { status: 503 });
  server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (request, bunServer) => handle(request, bunServer) });
  appOrigin = `http://localhost:${server.port}`;

  provider = await startTestOidcProvider({
    clientId: testClient.clientId,
    clientSecret: testClient.clientSecret,
    redirectUris: [`${appOrigin}/api/auth/oidc/dex/callback`],
  });
  t = await createTestApp((config) => {
    config.frontendUrl = appOrigin;
    config.domains.allowed = [appOrigin];
    config.auth.oidc = { enabled: true, providers: [{ ...providerConfig("dex", provider.issuer, testClient), display_name: "Dex" }] };
  });
  // NOTE: replaces GET /api/user/profile while the accounts routes are not mounted in this
  // checkout. It is registered after the app's own routes, so a real route of that path wins.
  t.app.get("/api/user/profile", (c) => {
    const viewer = requireViewer(c);
    return c.json({ ...viewer, fullName: null, information: null, image: null, purgeAt: null });
  });
  t.app.route("/", webRoutes(async (path) => {
    const file = Bun.file(join(webDirectory, path));
    return (await file.exists()) ? file : undefined;
  }));
  handle = (request, bunServer) => {
    t.clock.set(new Date());
    return t.app.fetch(request, bunServer);
  };

  browser = await openBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop(true);
  if (t) providerDirectoryFor(t.deps).close();
  await provider?.stop();
  if (webDirectory) await rm(webDirectory, { recursive: true, force: true });
});

describe.skipIf(unavailable !== undefined)("OIDC login in Chromium", () => {
  test("provider button ends logged in", async () => {
    const identity = newIdentity({ name: "Browser Person" });
    provider.signInAs(identity);
    const page = await browser.context.newPage();
    const visited: string[] = [];
    // Redirect hops never commit a page, so they are seen as navigation requests.
    page.on("request", (request) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) visited.push(request.url());
    });

    await page.goto(`${appOrigin}/user/login`);
    await page.getByTestId("oidc-dex").click();
    await page.getByRole("button", { name: "Account menu for Browser Person" }).waitFor({ timeout: 20_000 });

    expect(visited.some((url) => url.startsWith(provider.issuer.replace(/\/$/, "")))).toBe(true);
    expect(visited).toContain(`${appOrigin}/user/login?status=success`);
    expect(new URL(page.url()).pathname).not.toBe("/user/login");
    const cartStatus = await page.evaluate(async () => (await fetch("/api/cart")).status);
    expect(cartStatus).toBe(200);
    const cookieNames = (await browser.context.cookies([appOrigin, `${appOrigin}/api/user/refresh`, `${appOrigin}/api/auth/oidc/dex/callback`])).map((cookie) => cookie.name).sort();
    // The login attempt's oidc-* cookies were cleared by the callback.
    expect(cookieNames).toEqual(["stashsphere-access", "stashsphere-info", "stashsphere-refresh", "stashsphere-refresh-info"]);
    await page.close();
  });
});
