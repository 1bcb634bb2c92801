import { describe, expect, test } from "bun:test";
import { errorFromResponse } from "./api-error.ts";
import { createApiClient, queryString } from "./client.ts";

describe("errorFromResponse", () => {
  test("keeps the message, kind and field of our envelope", () => {
    const error = errorFromResponse(400, JSON.stringify({ code: 400, error: "invalid_input", message: "must be at least 4 characters", field: "name" }));
    expect(error.status).toBe(400);
    expect(error.kind).toBe("invalid_input");
    expect(error.message).toBe("must be at least 4 characters");
    expect(error.field).toBe("name");
  });

  test("strips the original's ParameterError prefix", () => {
    expect(errorFromResponse(400, '{"code":400,"message":"ParameterError: Incorrect password."}').message).toBe("Incorrect password.");
  });

  test("never shows the body of a 500", () => {
    const error = errorFromResponse(500, '{"code":500,"error":"internal","message":"pq: relation does not exist"}');
    expect(error.message).toBe("The server failed. Please try again later.");
    expect(error.kind).toBe("internal");
  });

  test("HTML from a proxy becomes a plain sentence", () => {
    const error = errorFromResponse(502, "<html>Bad Gateway</html>");
    expect(error.message).toBe("The server failed. Please try again later.");
  });

  test("framework-only body gets a useful message", () => {
    expect(errorFromResponse(404, '{"message":"Not Found"}').message).toContain("not found");
    expect(errorFromResponse(404, '{"message":"Not Found"}').kind).toBe("not_found");
  });
});

describe("createApiClient", () => {
  test("sends JSON with credentials and parses the answer", async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const api = createApiClient({
      apiHost: "https://api.example.com",
      fetch: (async (url: string, init: RequestInit) => {
        seen.push({ url, init });
        return new Response('{"id":"T1"}', { status: 201 });
      }) as typeof fetch,
    });
    expect(await api.post<{ id: string }>("/api/things", { name: "Drill" })).toEqual({ id: "T1" });
    expect(seen[0]!.url).toBe("https://api.example.com/api/things");
    expect(seen[0]!.init.credentials).toBe("include");
    expect(seen[0]!.init.body).toBe('{"name":"Drill"}');
  });

  test("empty body resolves to undefined", async () => {
    const api = createApiClient({ apiHost: "", fetch: (async () => new Response(null, { status: 204 })) as unknown as typeof fetch });
    expect(await api.delete("/api/things/T1")).toBeUndefined();
  });

  test("401 calls onUnauthorized and rejects with ApiError", async () => {
    let unauthorized = 0;
    const api = createApiClient({
      apiHost: "",
      fetch: (async () => new Response('{"code":401,"error":"unauthenticated","message":"Authentication required"}', { status: 401 })) as unknown as typeof fetch,
      onUnauthorized: () => unauthorized++,
    });
    await expect(api.get("/api/things")).rejects.toMatchObject({ status: 401, kind: "unauthenticated" });
    expect(unauthorized).toBe(1);
  });

  test("anonymous 401 leaves the session alone", async () => {
    let unauthorized = 0;
    const api = createApiClient({ apiHost: "", fetch: (async () => new Response("{}", { status: 401 })) as unknown as typeof fetch, onUnauthorized: () => unauthorized++ });
    await expect(api.request("POST", "/api/user/login", { anonymous: true, body: {} })).rejects.toMatchObject({ status: 401 });
    expect(unauthorized).toBe(0);
  });

  test("network failure becomes a status 0 error", async () => {
    const api = createApiClient({
      apiHost: "",
      fetch: (async () => {
        throw new TypeError("fetch failed");
      }) as unknown as typeof fetch,
    });
    await expect(api.get("/api/info")).rejects.toMatchObject({ status: 0, kind: "network" });
  });

  test("waits for beforeRequest before sending", async () => {
    const order: string[] = [];
    const api = createApiClient({
      apiHost: "",
      beforeRequest: async () => {
        order.push("refresh");
      },
      fetch: (async () => {
        order.push("fetch");
        return new Response("{}");
      }) as unknown as typeof fetch,
    });
    await api.get("/api/things");
    expect(order).toEqual(["refresh", "fetch"]);
  });
});

test("queryString repeats array keys and drops empty values", () => {
  expect(queryString({ filterOwnerId: ["a", "b"], page: 0, searchTerm: "", x: undefined })).toBe("?filterOwnerId=a&filterOwnerId=b&page=0");
  expect(queryString({})).toBe("");
});
