import { beforeAll, describe, expect, test } from "bun:test";
import { createLogger } from "../log/logger.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, type TestUser } from "../testing/users.ts";

const lines: string[] = [];
let t: TestApp;
let user: TestUser;

beforeAll(async () => {
  const log = createLogger({ format: "json", write: (line) => lines.push(line) });
  t = await createTestApp((config) => {
    config.secureCookies = true;
  }, { log });
  user = await createTestUser(t);
});

async function loginWith(headers: Record<string, string>): Promise<string[]> {
  lines.length = 0;
  const response = await t.request("POST", "/api/user/login", { body: { email: user.email, password: user.password }, headers });
  expect(response.status).toBe(200);
  return lines.filter((line) => line.includes("login over plain HTTP"));
}

describe("login over plain HTTP with Secure cookies", () => {
  test("localhost gets no warning", async () => {
    expect(await loginWith({ host: "localhost:8081" })).toEqual([]);
    expect(await loginWith({ host: "127.0.0.1:8081" })).toEqual([]);
  });

  test("TLS proxy gets no warning", async () => {
    expect(await loginWith({ host: "stash.lan", "x-forwarded-proto": "https" })).toEqual([]);
  });

  test("non-local host gets a warning", async () => {
    const [warning] = await loginWith({ host: "stash.lan:8081" });
    expect(JSON.parse(warning!)).toMatchObject({ level: "warn", host: "stash.lan:8081" });
    expect(warning).toContain("--disable-secure-cookies");
  });
});
