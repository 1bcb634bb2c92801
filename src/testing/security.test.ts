import { describe, expect, test } from "bun:test";
import { createTestApp } from "./app.ts";
import { expectSessionRequired } from "./security.ts";

describe("expectSessionRequired", () => {
  test("passes for a protected route", async () => {
    const t = await createTestApp();

    await expectSessionRequired(t, { method: "PATCH", path: "/api/user/password", body: {} });
  });

  test("fails for a public route", async () => {
    const t = await createTestApp();

    await expect(expectSessionRequired(t, { method: "GET", path: "/api/info" })).rejects.toThrow();
  });
});
