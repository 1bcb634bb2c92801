import { describe, expect, test } from "bun:test";
import { AppError } from "./errors.ts";
import { createApp } from "./app.ts";
import { createLogger } from "../log/logger.ts";
import { createTestApp } from "../testing/app.ts";

async function bodyOf(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

describe("instance info and health", () => {
  test("GET /api/info reports invites, providers and version", async () => {
    const t = await createTestApp((config) => {
      config.invites.enabled = true;
      config.invites.code = "letmein";
    });
    const response = await t.request("GET", "/api/info");
    expect(response.status).toBe(200);
    const body = await bodyOf(response);
    expect(body.inviteRequired).toBe(true);
    expect(body.oidcProviders).toEqual([]);
    expect(typeof body.version).toBe("string");
  });

  test("healthz answers without the database and readyz follows readiness", async () => {
    const t = await createTestApp(undefined, { readiness: async () => ({ ready: false, reason: "database unreachable" }) });
    expect((await t.request("GET", "/healthz")).status).toBe(200);
    const ready = await t.request("GET", "/readyz");
    expect(ready.status).toBe(503);
    expect(await bodyOf(ready)).toEqual({ status: "not ready", reason: "database unreachable" });
  });

  test("HEAD is answered like GET without a body", async () => {
    const t = await createTestApp();
    const response = await t.request("HEAD", "/api/info");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });
});

describe("error envelope", () => {
  test("unknown route is a 404 in the envelope with the request id", async () => {
    const t = await createTestApp();
    const response = await t.request("GET", "/api/no-such-thing");
    expect(response.status).toBe(404);
    const body = await bodyOf(response);
    expect(body).toMatchObject({ code: 404, error: "not_found" });
    expect(body.requestId).toBe(response.headers.get("x-request-id") as string);
  });

  test("request id is echoed and a well-formed incoming one is kept", async () => {
    const t = await createTestApp();
    const response = await t.request("GET", "/api/info", { headers: { "x-request-id": "abc-123" } });
    expect(response.headers.get("x-request-id")).toBe("abc-123");
  });

  test("unexpected errors become a 500 without internal text, logged with the request id", async () => {
    const lines: string[] = [];
    const t = await createTestApp(undefined, { log: createLogger({ format: "json", write: (line) => lines.push(line) }) });
    const inner = createApp(t.deps);
    inner.get("/boom", () => {
      throw new Error('relation "secret_table" does not exist');
    });
    const response = await inner.request("/boom");
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("secret_table");
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body.error).toBe("internal");
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === "unhandled error");
    expect(logged?.requestId).toBe(body.requestId);
    expect(JSON.stringify(logged)).toContain("secret_table");
  });

  test("database outage becomes a 503 with Retry-After", async () => {
    const t = await createTestApp();
    const inner = createApp(t.deps);
    inner.get("/down", () => {
      throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    });
    const response = await inner.request("/down");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
    expect((await bodyOf(response)).error).toBe("service_unavailable");
  });

  test("AppError keeps its status, field and Retry-After", async () => {
    const t = await createTestApp();
    const inner = createApp(t.deps);
    inner.get("/limited", () => {
      throw new AppError("rate_limited", "too many attempts", { retryAfterSeconds: 12.2 });
    });
    const response = await inner.request("/limited");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("13");
  });

  test("JSON bodies over 1 MiB are refused with 413", async () => {
    const t = await createTestApp();
    const response = await t.request("POST", "/api/info", { body: { blob: "x".repeat(1024 * 1024 + 10) } });
    expect(response.status).toBe(413);
    expect((await bodyOf(response)).error).toBe("payload_too_large");
  });
});

describe("request log", () => {
  test("one line per request with method, path, status and no query string or cookies", async () => {
    const lines: string[] = [];
    const t = await createTestApp(undefined, { log: createLogger({ format: "json", write: (line) => lines.push(line) }) });
    await t.request("GET", "/api/info?searchTerm=secret", { cookie: "stashsphere-access=not-a-token" });
    const requestLines = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === "request");
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({ method: "GET", path: "/api/info", status: 200 });
    expect(lines.join("\n")).not.toContain("secret");
    expect(lines.join("\n")).not.toContain("not-a-token");
  });
});

describe("security headers", () => {
  test("API responses carry nosniff, frame denial and no-store", async () => {
    const t = await createTestApp();
    const response = await t.request("GET", "/api/info");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});

describe("requests refused before their route", () => {
  test("a cross-site write is logged and carries the request id and security headers", async () => {
    const lines: string[] = [];
    const t = await createTestApp(undefined, { log: createLogger({ format: "json", write: (line) => lines.push(line) }) });

    const response = await t.request("DELETE", "/api/user/logout", { headers: { origin: "https://attacker.example", "x-request-id": "refused-1" } });

    expect(response.status).toBe(403);
    expect(response.headers.get("x-request-id")).toBe("refused-1");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await bodyOf(response)).toMatchObject({ code: 403, requestId: "refused-1" });
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === "request");
    expect(logged).toEqual([expect.objectContaining({ requestId: "refused-1", method: "DELETE", path: "/api/user/logout", status: 403 })]);
  });

  test("a preflight carries the request id", async () => {
    const t = await createTestApp();

    const response = await t.request("OPTIONS", "/api/user/login", { headers: { origin: "https://attacker.example", "x-request-id": "preflight-1" } });

    expect(response.status).toBe(204);
    expect(response.headers.get("x-request-id")).toBe("preflight-1");
  });

  test("a request id that is too long or not plain is replaced", async () => {
    const t = await createTestApp();

    for (const sent of ["x".repeat(65), "a b", "<script>"]) {
      const response = await t.request("GET", "/api/info", { headers: { "x-request-id": sent } });

      expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
