import { beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../../testing/app.ts";
import { createTestUser, testPassword } from "../../testing/users.ts";

const webApp = "https://stash.example.com";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp((config) => {
    config.domains.allowed = [webApp];
  });
});

function preflight(app: TestApp, path: string, origin: string) {
  return app.request("OPTIONS", path, {
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type, x-request-id" },
  });
}

describe("CORS preflight", () => {
  test("is answered for a listed origin and cached", async () => {
    const response = await preflight(t, "/api/user/login", webApp);

    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(webApp);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("access-control-allow-methods")).toBe("GET, HEAD, PUT, PATCH, POST, DELETE");
    expect(response.headers.get("access-control-allow-headers")).toBe("content-type, x-request-id");
    expect(response.headers.get("access-control-max-age")).toBe("7200");
    expect(response.headers.get("vary")).toBe("Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
  });

  test("for an unlisted origin is 204 without CORS headers", async () => {
    const response = await preflight(t, "/api/user/login", "https://attacker.example");

    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
  });

  test("comes before authentication and rate limits", async () => {
    const protectedRoute = await preflight(t, "/api/user/password", webApp);
    const answers = [];
    for (let attempt = 0; attempt < 30; attempt++) answers.push((await preflight(t, "/api/user/login", webApp)).status);

    expect(protectedRoute.status).toBe(204);
    expect(new Set(answers)).toEqual(new Set([204]));
  });
});

describe("CORS origin matching", () => {
  test("is exact: scheme, host and port", async () => {
    for (const origin of [
      "http://stash.example.com",
      "https://stash.example.com:8443",
      "https://stash.example.com.attacker.example",
      "https://evil-stash.example.com",
      "https://STASH.example.com.",
      "null",
    ]) {
      const response = await t.request("GET", "/api/info", { headers: { origin } });

      expect(response.headers.get("access-control-allow-origin")).toBeNull();
    }
  });

  test("listed origin gets credentials allowed on a normal request", async () => {
    const response = await t.request("GET", "/api/info", { headers: { origin: webApp } });

    expect(response.headers.get("access-control-allow-origin")).toBe(webApp);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("vary")).toContain("Origin");
  });

  test("trailing slash in the configuration still matches", async () => {
    const slashed = await createTestApp((config) => {
      config.domains.allowed = [`${webApp}/`];
    });

    const response = await slashed.request("GET", "/api/info", { headers: { origin: webApp } });

    expect(response.headers.get("access-control-allow-origin")).toBe(webApp);
  });
});

describe("cross-site writes", () => {
  test("state-changing request from another site is 403", async () => {
    const user = await createTestUser(t);

    const response = await t.request("POST", "/api/user/login", {
      body: { email: user.email, password: testPassword },
      headers: { origin: "https://attacker.example" },
    });

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      code: 403,
      error: "forbidden",
      message: "cross-site request from https://attacker.example rejected; add it to domains.allowed if it is your web app",
    });
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  test("every unsafe method is checked", async () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const response = await t.request(method, "/api/user/logout", { headers: { origin: "https://attacker.example" } });

      expect(response.status).toBe(403);
    }
  });

  test("cross-site GET is served without CORS headers", async () => {
    const response = await t.request("GET", "/api/info", { headers: { origin: "https://attacker.example" } });

    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("same-origin request passes without being listed", async () => {
    const user = await createTestUser(t);

    const response = await t.app.request("https://stash.example.org/api/user/login", {
      method: "POST",
      headers: { origin: "https://stash.example.org", host: "stash.example.org", "content-type": "application/json" },
      body: JSON.stringify({ email: user.email, password: testPassword }),
    });

    expect(response.status).toBe(200);
  });

  test("request without Origin passes, as from curl", async () => {
    const user = await createTestUser(t);

    const response = await t.request("POST", "/api/user/login", { body: { email: user.email, password: testPassword } });

    expect(response.status).toBe(200);
  });
});

describe("split domains: web app and API on sibling hosts", () => {
  let split: TestApp;
  beforeAll(async () => {
    split = await createTestApp((config) => {
      config.domains.allowed = ["https://stash.example.com"];
      config.cookieDomain = "stash.example.com";
      config.secureCookies = true;
    });
  });

  const api = (path: string, init: RequestInit & { headers: Record<string, string> }) =>
    split.app.request(`https://api.stash.example.com${path}`, { ...init, headers: { host: "api.stash.example.com", ...init.headers } });

  test("web app logs in across hosts with cookies for both", async () => {
    const user = await createTestUser(split);

    const response = await api("/api/user/login", {
      method: "POST",
      headers: { origin: "https://stash.example.com", "content-type": "application/json" },
      body: JSON.stringify({ email: user.email, password: testPassword }),
    });

    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://stash.example.com");
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.getSetCookie()).toHaveLength(4);
    for (const cookie of response.headers.getSetCookie()) {
      expect(cookie).toContain("; Domain=stash.example.com;");
      expect(cookie).toContain("; Secure;");
    }
  });

  test("preflight from the web app is allowed", async () => {
    const response = await api("/api/user/login", {
      method: "OPTIONS",
      headers: { origin: "https://stash.example.com", "access-control-request-method": "POST" },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://stash.example.com");
  });

  test("a sibling host that is not listed cannot write", async () => {
    const response = await api("/api/user/logout", { method: "DELETE", headers: { origin: "https://other.example.com" } });

    expect(response.status).toBe(403);
  });
});
