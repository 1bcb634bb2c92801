import { beforeAll, describe, expect, test } from "bun:test";
import { newId } from "../db/ids.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, type TestUser } from "../testing/users.ts";

// Every route that may carry a body is limited before anything else reads it: a JSON body of
// more than 1 MiB gets a 413 whatever the route, the session or the ids in the path.
const oversized = new Uint8Array(2 * 1024 * 1024).fill(0x20);
const methodsWithBodies = new Set(["POST", "PUT", "PATCH", "DELETE"]);

let t: TestApp;
let user: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  user = await createTestUser(t);
});

/** Each distinct method and path of the app that may take a body, with parameters filled in. */
function routesWithBodies(): { method: string; path: string }[] {
  const seen = new Set<string>();
  const routes: { method: string; path: string }[] = [];
  for (const route of t.app.routes) {
    if (!methodsWithBodies.has(route.method)) continue;
    // Uploads have their own, configurable limit.
    if (route.method === "POST" && route.path === "/api/images") continue;
    const path = route.path.replace(/:[A-Za-z]+/g, () => newId());
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    routes.push({ method: route.method, path });
  }
  return routes;
}

async function statusOf(method: string, path: string, body: BodyInit, headers: Record<string, string>): Promise<number> {
  const response = await t.app.request(`http://localhost${path}`, { method, body, headers: { cookie: user.cookie, "content-type": "application/json", ...headers } });
  await response.body?.cancel();
  return response.status;
}

describe("request body limit", () => {
  test("covers every API route that takes a body", () => {
    expect(routesWithBodies().length).toBeGreaterThan(20);
  });

  test("2 MiB with Content-Length gets 413 on every route", async () => {
    const observed: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const { method, path } of routesWithBodies()) {
      const key = `${method} ${path}`;
      observed[key] = await statusOf(method, path, oversized, { "content-length": String(oversized.length) });
      expected[key] = 413;
    }
    expect(observed).toEqual(expected);
  });

  test("2 MiB sent chunked gets 413 where the body is read", async () => {
    const chunked = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let offset = 0; offset < oversized.length; offset += 64 * 1024) controller.enqueue(oversized.subarray(offset, offset + 64 * 1024));
          controller.close();
        },
      });
    const routesThatReadJson = [
      ["POST", "/api/things"],
      ["PATCH", `/api/things/${newId()}`],
      ["PUT", "/api/cart"],
      ["POST", "/api/lists"],
      ["POST", "/api/shares"],
      ["PATCH", "/api/user/profile"],
      ["POST", "/api/user/login"],
      ["POST", "/api/user/register"],
    ] as const;
    const observed: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const [method, path] of routesThatReadJson) {
      observed[`${method} ${path}`] = await statusOf(method, path, chunked(), {});
      expected[`${method} ${path}`] = 413;
    }
    expect(observed).toEqual(expected);
  });

  test("413 carries the error envelope", async () => {
    const response = await t.app.request("http://localhost/api/things", {
      method: "POST",
      body: oversized,
      headers: { cookie: user.cookie, "content-type": "application/json", "content-length": String(oversized.length) },
    });
    const body = await response.json();

    expect(response.status).toBe(413);
    expect(body).toMatchObject({ code: 413, error: "payload_too_large", message: "request body larger than 1048576 bytes" });
  });
});
