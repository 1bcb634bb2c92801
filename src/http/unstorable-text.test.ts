import { beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { expectResponse } from "../testing/expect-response.ts";
import { createTestUser, testPassword, type TestUser } from "../testing/users.ts";
import { unstorableText } from "./validation.ts";

// PostgreSQL cannot store NUL in text, and the driver replaces half a surrogate pair with
// U+FFFD. Every endpoint rejects both before a statement runs, naming the field.

let t: TestApp;
let user: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  user = await createTestUser(t);
});

describe("unstorableText", () => {
  test("names the path of the first bad string", () => {
    expect(unstorableText({ a: ["ok", { b: "x\u0000y" }] })).toEqual({ path: "a[1].b", reason: "must not contain NUL characters" });
    expect(unstorableText("\ud800")?.reason).toContain("unpaired surrogate");
    expect(unstorableText({ name: "Straße 🔨", n: 1, list: [null, true] })).toBeUndefined();
  });
});

const cases: { name: string; method: string; path: string; body?: Record<string, unknown>; signedIn: boolean; field?: string }[] = [
  { name: "search query", method: "GET", path: `/api/search?query=${encodeURIComponent("ab\u0000cd")}`, signedIn: true, field: "query" },
  { name: "search query of NUL alone", method: "GET", path: "/api/search?query=%00", signedIn: true, field: "query" },
  { name: "users directory query", method: "GET", path: `/api/users?q=${encodeURIComponent("a\u0000b")}`, signedIn: true, field: "q" },
  { name: "things name filter", method: "GET", path: "/api/things?searchTerm=%00", signedIn: true, field: "searchTerm" },
  { name: "list name", method: "POST", path: "/api/lists", body: { name: "l\u0000" }, signedIn: true, field: "name" },
  { name: "thing name with half a surrogate pair", method: "POST", path: "/api/things", body: { name: "a\ud800b" }, signedIn: true, field: "name" },
  { name: "registration name", method: "POST", path: "/api/user/register", body: { name: "z\u0000", email: "nul@example.test", password: testPassword }, signedIn: false, field: "name" },
  { name: "login e-mail", method: "POST", path: "/api/user/login", body: { email: "a\u0000@example.test", password: testPassword }, signedIn: false, field: "email" },
];

describe("a NUL in the request path", () => {
  const addresses = ["/api/images/a%00b/rotate", "/api/lists/a%00b", "/assets/a%00b"];
  test.each(addresses)("%s is a 400", async (address) => {
    const error = await expectResponse<{ message: string }>(await t.request("GET", address, { cookie: user.cookie }), 400);
    expect(error.message).toContain("NUL");
  });
});

describe.each(cases)("$name", ({ method, path, body, signedIn, field }) => {
  test("is a 400 naming the field", async () => {
    const response = await t.request(method, path, { body, cookie: signedIn ? user.cookie : undefined });
    const error = await expectResponse<{ field?: string; message: string }>(response, 400);
    expect(error.field).toBe(field);
  });
});
