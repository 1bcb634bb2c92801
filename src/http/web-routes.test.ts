import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { gzipSync } from "node:zlib";
import type { AppEnv } from "./env.ts";
import { contentSecurityPolicy, webRoutes } from "./web-routes.ts";

const indexHtml = "<!doctype html><title>StashSphere</title>";
const script = "console.log('app');";

function app(options: { apiHost?: string } = {}) {
  const files = new Map<string, Blob | string>([
    ["index.html", indexHtml],
    ["index.html.gz", new Blob([gzipSync(indexHtml)])],
    ["main-abcd1234.js", script],
    ["main-abcd1234.js.br", "brotli-bytes"],
    ["main-abcd1234.js.gz", new Blob([gzipSync(script)])],
    ["manifest.webmanifest", "{}"],
  ]);
  const root = new Hono<AppEnv>();
  root.get("/api/info", (c) => c.json({ ok: true }));
  root.route("/", webRoutes(files, options));
  root.notFound((c) => c.json({ code: 404 }, 404));
  return root;
}

describe("webRoutes", () => {
  test("hashed chunk is cached forever", async () => {
    const response = await app().request("/main-abcd1234.js");
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(await response.text()).toBe(script);
  });

  test("index.html is revalidated and carries the CSP", async () => {
    const response = await app().request("/");
    expect(response.headers.get("Cache-Control")).toBe("no-cache");
    expect(response.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
    expect(await response.text()).toBe(indexHtml);
  });

  test("client-side route falls back to index.html", async () => {
    for (const path of ["/things/abc/edit", "/user/verify-email", "/lists"]) {
      const response = await app().request(path);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(indexHtml);
    }
  });

  test("missing file with an extension is a 404, not the app", async () => {
    const response = await app().request("/missing-1234abcd.js");
    expect(response.status).toBe(404);
  });

  test("config.json without a file is an empty configuration", async () => {
    const response = await app().request("/config.json");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
  });

  test("API, assets and health paths are never answered with the app", async () => {
    expect(await (await app().request("/api/info")).json()).toEqual({ ok: true });
    for (const path of ["/api/unknown", "/assets/ABC", "/healthz", "/readyz"]) {
      expect((await app().request(path)).status).toBe(404);
    }
  });

  test("brotli is preferred, then gzip", async () => {
    const brotli = await app().request("/main-abcd1234.js", { headers: { "Accept-Encoding": "gzip, deflate, br" } });
    expect(brotli.headers.get("Content-Encoding")).toBe("br");
    expect(brotli.headers.get("Vary")).toBe("Accept-Encoding");
    const gzip = await app().request("/main-abcd1234.js", { headers: { "Accept-Encoding": "gzip, br;q=0" } });
    expect(gzip.headers.get("Content-Encoding")).toBe("gzip");
    const html = await app().request("/", { headers: { "Accept-Encoding": "br, gzip" } });
    expect(html.headers.get("Content-Encoding")).toBe("gzip");
  });

  test("compressed copies are not served by their own names", async () => {
    expect((await app().request("/main-abcd1234.js.br")).status).toBe(404);
  });

  test("matching ETag gives 304", async () => {
    const first = await app().request("/manifest.webmanifest");
    const etag = first.headers.get("ETag")!;
    const second = await app().request("/manifest.webmanifest", { headers: { "If-None-Match": etag } });
    expect(second.status).toBe(304);
  });

  test("HEAD has the headers and no body", async () => {
    const response = await app().request("/main-abcd1234.js", { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });

  test("CSP names a configured API host", async () => {
    const response = await app({ apiHost: "https://api.example.com/" }).request("/");
    expect(response.headers.get("Content-Security-Policy")).toContain("img-src 'self' data: blob: https://api.example.com;");
    expect(response.headers.get("Content-Security-Policy")).toContain("connect-src 'self' https://api.example.com;");
  });

  test("a function can supply the files", async () => {
    const root = new Hono<AppEnv>().route("/", webRoutes((path) => (path === "index.html" ? indexHtml : undefined)));
    expect(await (await root.request("/friends")).text()).toBe(indexHtml);
  });
});

test("contentSecurityPolicy forbids inline script and framing", () => {
  const policy = contentSecurityPolicy();
  expect(policy).not.toContain("unsafe-inline");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
});
