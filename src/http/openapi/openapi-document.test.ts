import { beforeAll, describe, expect, test } from "bun:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { createTestApp, type TestApp } from "../../testing/app.ts";
import { stashsphereOpenapiDocument } from "./api-features.ts";
import { openapiPath } from "./build-document.ts";

const document = stashsphereOpenapiDocument("1.2.3");
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp((config) => {
    config.serveOpenapi = true;
  });
});

/** Collect the method and path of every route the app serves, as `GET /api/things/{id}`. */
function routesOf(app: TestApp["app"]): Set<string> {
  const routes = new Set<string>();
  for (const route of app.routes) {
    // Middleware is registered as ALL, and the web app's fallback ends in a wildcard.
    if (route.method === "ALL" || route.path.includes("*")) continue;
    routes.add(`${route.method} ${openapiPath(route.path)}`);
  }
  return routes;
}

function documentedOperations(): Set<string> {
  const operations = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of Object.keys(item)) operations.add(`${method.toUpperCase()} ${path}`);
  }
  return operations;
}

describe("OpenAPI document", () => {
  test("is valid OpenAPI 3.1", async () => {
    const validator = new Validator();
    const result = await validator.validate(document as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  test("documents every route of the app", () => {
    const undocumented = [...routesOf(t.app)].filter((route) => !documentedOperations().has(route));
    expect(undocumented).toEqual([]);
  });

  test("documents no route the app lacks", () => {
    const routes = routesOf(t.app);
    const missing = [...documentedOperations()].filter((operation) => !routes.has(operation));
    expect(missing).toEqual([]);
  });

  test("carries the server version and the session cookie scheme", () => {
    expect(document.info.version).toBe("1.2.3");
    const components = document.components as { securitySchemes: Record<string, unknown> };
    expect(components.securitySchemes.sessionCookie).toMatchObject({ type: "apiKey", in: "cookie", name: "stashsphere-access" });
  });

  test("every error response uses the Error envelope", () => {
    const components = document.components as { responses: Record<string, { content: Record<string, { schema: unknown }> }> };
    for (const [name, response] of Object.entries(components.responses)) {
      expect({ name, schema: response.content["application/json"]?.schema }).toEqual({ name, schema: { $ref: "#/components/schemas/Error" } });
    }
  });

  test("public operations need no session", () => {
    const login = document.paths["/api/user/login"]?.post as { security?: unknown[] };
    const showThing = document.paths["/api/things/{id}"]?.get as { security?: unknown[]; responses: Record<string, unknown> };
    expect(login.security).toEqual([]);
    expect(showThing.security).toBeUndefined();
    expect(showThing.responses["401"]).toEqual({ $ref: "#/components/responses/unauthenticated" });
  });

  test("an optional body is not required", () => {
    const patch = document.paths["/api/things/{id}"]?.patch as { requestBody: { required: boolean } };
    const create = document.paths["/api/things"]?.post as { requestBody: { required: boolean } };
    expect(patch.requestBody.required).toBe(false);
    expect(create.requestBody.required).toBe(true);
  });
});
