import { beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../../testing/app.ts";
import { stashsphereOpenapiText } from "./api-features.ts";

let off: TestApp;
let on: TestApp;

beforeAll(async () => {
  off = await createTestApp();
  on = await createTestApp((config) => {
    config.serveOpenapi = true;
  });
});

describe("GET /api/openapi.json and /api/docs", () => {
  test("are 404 when serveOpenapi is off", async () => {
    for (const path of ["/api/openapi.json", "/api/docs"]) {
      const response = await off.request("GET", path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(((await response.json()) as { error: string }).error).toBe("not_found");
    }
  });

  test("serve the document when serveOpenapi is on", async () => {
    const response = await on.request("GET", "/api/openapi.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.text()).toBe(stashsphereOpenapiText(on.deps.version));
  });

  test("serve the page without a session", async () => {
    const response = await on.request("GET", "/api/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toStartWith("text/html");
    const page = await response.text();
    expect(page).toContain('<span class="method get">get</span> /api/things/{id}');
    expect(page).toContain('<h2 id="things">Things</h2>');
    expect(page).toContain('<details id="schema-thing">');
    expect(page).toContain('<a href="#schema-thing">#/components/schemas/Thing</a>');
    expect(page).toContain("<code>serveOpenapi</code>");
    expect(page).not.toMatch(/<code>\{&#34;/);
  });

  test("docs page loads nothing from elsewhere", async () => {
    const response = await on.request("GET", "/api/docs");
    const page = await response.text();
    expect(page).not.toContain("<script");
    expect(page).not.toMatch(/\s(src|href)="(https?:)?\/\//);
    expect(page).not.toContain("<link");
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("default-src 'none'");
    expect(policy).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
  });

  test("docs page's style matches the policy's hash", async () => {
    const response = await on.request("GET", "/api/docs");
    const style = /<style>([\s\S]*?)<\/style>/.exec(await response.text())?.[1] ?? "";
    const hash = new Bun.CryptoHasher("sha256").update(style).digest("base64");
    expect(response.headers.get("content-security-policy")).toContain(`style-src 'sha256-${hash}'`);
  });
});
