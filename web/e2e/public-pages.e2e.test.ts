import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { chromiumPath, openBrowser } from "./browser.ts";
import { serverUnavailableReason, startServer, type RunningServer } from "./stashsphere-server.ts";

const unavailable = serverUnavailableReason() ?? (existsSync(chromiumPath) ? undefined : `${chromiumPath} is missing (apt-get install -y chromium)`);
if (unavailable) console.warn(`skipping the web end-to-end tests: ${unavailable}`);

const screenshots = join(import.meta.dir, "..", "..", "test-artifacts", "screenshots");
const axeSource = join(import.meta.dir, "..", "..", "node_modules", "axe-core", "axe.min.js");

let server: RunningServer;
let browser: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  if (unavailable) return;
  server = await startServer();
  browser = await openBrowser();
  mkdirSync(screenshots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(path: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  await page.goto(server.baseUrl + path);
  return page;
}

async function axeViolations(page: Page): Promise<string[]> {
  // evaluate() runs outside the page's Content-Security-Policy, which forbids injected scripts.
  await page.evaluate(await Bun.file(axeSource).text());
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
    return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  });
  return violations;
}

describe.skipIf(unavailable !== undefined)("public pages against the real server", () => {
  test("login page shows a button per OIDC provider", async () => {
    const page = await open("/user/login");
    const button = page.getByTestId("oidc-dex");
    await button.waitFor();
    expect(await button.textContent()).toBe("Log in with Dex");
    const href = new URL((await button.getAttribute("href"))!, server.baseUrl);
    expect(href.pathname).toBe("/api/auth/oidc/dex/authorize");
    expect(href.searchParams.get("redirect_to")).toBe(`${server.baseUrl}/user/login`);
    await page.screenshot({ path: join(screenshots, "e2e-login.png") });
    await page.close();
  });

  test("register form asks for the invite code", async () => {
    const page = await open("/user/register");
    await page.getByTestId("register-invite").waitFor();
    expect(await page.getByLabel("Invite code").isVisible()).toBe(true);
    await page.close();
  });

  test("login link to registration navigates without reload", async () => {
    const page = await open("/user/login");
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.getByTestId("register-link").click();
    await page.getByTestId("register-form").waitFor();
    expect(new URL(page.url()).pathname).toBe("/user/register");
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await page.close();
  });

  test("protected page sends to login and keeps the fragment", async () => {
    const page = await open("/user/verify-email#12345678");
    await page.getByTestId("login-form").waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe("/user/login");
    expect(url.searchParams.get("next")).toBe("/user/verify-email#12345678");
    await page.close();
  });

  test("360 px wide screens need no sideways scrolling", async () => {
    for (const path of ["/user/login", "/user/register", "/user/reset-password"]) {
      const page = await open(path, { width: 360, height: 740 });
      await page.locator("h1").waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBe(0);
      await page.screenshot({ path: join(screenshots, `e2e-360${path.replaceAll("/", "-")}.png`) });
      await page.close();
    }
  });

  test("keyboard focus follows the reading order with a visible outline", async () => {
    const page = await open("/user/login");
    await page.getByTestId("oidc-dex").waitFor();
    // Start sequential focus navigation at the top of the page, as after a fresh load.
    await page.evaluate(() => {
      document.body.tabIndex = -1;
      document.body.focus();
      document.body.removeAttribute("tabindex");
    });
    const order: string[] = [];
    for (let step = 0; step < 9; step++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        const style = getComputedStyle(element);
        return { name: element.dataset.testid ?? element.textContent?.trim() ?? element.tagName, outline: style.outlineStyle !== "none" && style.outlineWidth !== "0px" };
      });
      order.push(`${focused.name}${focused.outline ? "" : " (no outline)"}`);
    }
    expect(order.filter((name) => name.endsWith("(no outline)"))).toEqual([]);
    const position = (name: string) => order.indexOf(name);
    expect(order[0]).toBe("Skip to content");
    expect(position("login-email")).toBeGreaterThan(0);
    expect(position("login-password")).toBe(position("login-email") + 1);
    expect(position("login-submit")).toBe(position("login-password") + 1);
    expect(position("oidc-dex")).toBeGreaterThan(position("login-submit"));
    await page.close();
  });

  test("login and register pages pass an axe scan", async () => {
    for (const path of ["/user/login", "/user/register"]) {
      const page = await open(path);
      await page.locator("form").first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    }
  });

  test("dark colour scheme switches the design tokens", async () => {
    const dark = await openBrowser({ colorScheme: "dark" });
    try {
      const page = await dark.context.newPage();
      await page.goto(`${server.baseUrl}/user/login`);
      await page.getByTestId("login-form").waitFor();
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe("rgb(17, 19, 24)");
      await page.screenshot({ path: join(screenshots, "e2e-login-dark.png") });
    } finally {
      await dark.close();
    }
  });
});

// A host name other than localhost over plain HTTP is not a secure context, so Chromium drops
// the Secure session cookies. The name is mapped to loopback, so no traffic leaves the machine.
describe.skipIf(unavailable !== undefined || process.env.STASHSPHERE_E2E_URL !== undefined)("login over plain HTTP to a server with Secure cookies", () => {
  test("explains the dropped session cookies", async () => {
    const secureServer = await startServer({ secureCookies: true });
    const mapped = await openBrowser({ args: ["--host-resolver-rules=MAP stash.test 127.0.0.1"] });
    try {
      const person = { name: "Carol", email: "carol@example.test", password: "carol-long-password", inviteCode: "e2e-invite" };
      const registered = await fetch(`${secureServer.baseUrl}/api/user/register`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(person) });
      expect(registered.ok).toBe(true);
      const page = await mapped.context.newPage();
      await page.goto(`http://stash.test:${new URL(secureServer.baseUrl).port}/user/login`);
      await page.getByTestId("login-email").fill(person.email);
      await page.getByTestId("login-password").fill(person.password);
      await page.getByTestId("login-submit").click();
      const alert = page.getByTestId("login-form").getByRole("alert");
      await alert.waitFor();
      expect(await alert.textContent()).toContain("--disable-secure-cookies");
      expect(new URL(page.url()).pathname).toBe("/user/login");
    } finally {
      await mapped.close();
      await secureServer.stop();
    }
  }, 60_000);
});
