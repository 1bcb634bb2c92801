import { beforeAll, describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { AppEnv } from "../http/env.ts";
import { handleError } from "../http/error-handler.ts";
import type { TestApp } from "../testing/app.ts";
import { createTestApp } from "../testing/app.ts";
import { byViewer, deleteIdleRateLimitBuckets, rateLimit, takeRateLimitToken, type RateLimit } from "./rate-limit.ts";
import { moveBucketIntoThePast } from "./test-support.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

function uniqueLimit(capacity: number, refillPerMinute: number): RateLimit {
  return { name: `test-${crypto.randomUUID()}`, capacity, refillPerMinute };
}

describe("token bucket", () => {
  test("allows capacity requests, then refuses", async () => {
    const limit = uniqueLimit(3, 1);
    const outcomes = [];
    for (let request = 0; request < 4; request++) outcomes.push(await takeRateLimitToken(t, limit, "client"));

    expect(outcomes.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    expect(outcomes[3]?.allowed).toBe(false);
  });

  test("keeps subjects apart", async () => {
    const limit = uniqueLimit(1, 1);

    expect(await takeRateLimitToken(t, limit, "a")).toEqual({ allowed: true });
    expect(await takeRateLimitToken(t, limit, "b")).toEqual({ allowed: true });
    expect((await takeRateLimitToken(t, limit, "a")).allowed).toBe(false);
  });

  test("tells how long until the next token", async () => {
    const limit = uniqueLimit(1, 2);
    await takeRateLimitToken(t, limit, "client");

    const refused = await takeRateLimitToken(t, limit, "client");

    // Two tokens a minute: the next one is at most 30 seconds away.
    const retryAfterSeconds = refused.allowed ? undefined : refused.retryAfterSeconds;
    expect(refused.allowed).toBe(false);
    expect(retryAfterSeconds).toBeGreaterThan(20);
    expect(retryAfterSeconds).toBeLessThanOrEqual(30);
  });

  test("refills with time, up to capacity", async () => {
    const limit = uniqueLimit(2, 1);
    await takeRateLimitToken(t, limit, "client");
    await takeRateLimitToken(t, limit, "client");

    await moveBucketIntoThePast(t, `${limit.name}:client`, 600);
    const outcomes = [];
    for (let request = 0; request < 3; request++) outcomes.push((await takeRateLimitToken(t, limit, "client")).allowed);

    expect(outcomes).toEqual([true, true, false]);
  });

  test("a refused request does not take a token", async () => {
    const limit = uniqueLimit(1, 1);
    await takeRateLimitToken(t, limit, "client");
    for (let request = 0; request < 5; request++) await takeRateLimitToken(t, limit, "client");

    await moveBucketIntoThePast(t, `${limit.name}:client`, 61);

    expect(await takeRateLimitToken(t, limit, "client")).toEqual({ allowed: true });
  });

  test("concurrent requests never get more than capacity", async () => {
    const limit = uniqueLimit(5, 0.01);

    const outcomes = await Promise.all(Array.from({ length: 20 }, () => takeRateLimitToken(t, limit, "client")));

    expect(outcomes.filter((outcome) => outcome.allowed)).toHaveLength(5);
  });

  test("idle buckets are deleted after a day", async () => {
    const idle = uniqueLimit(1, 1);
    const recent = uniqueLimit(1, 1);
    await takeRateLimitToken(t, idle, "client");
    await takeRateLimitToken(t, recent, "client");
    await moveBucketIntoThePast(t, `${idle.name}:client`, 24 * 60 * 60 + 1);

    await deleteIdleRateLimitBuckets(t.db);
    const count = (name: string) => queryOne<{ n: number }>(t.db, sql`select count(*)::int as n from rate_limit_buckets where key = ${`${name}:client`}`);

    expect((await count(idle.name))?.n).toBe(0);
    expect((await count(recent.name))?.n).toBe(1);
  });
});

describe("rateLimit middleware", () => {
  test("rejects a limit that would not refill within a day", () => {
    expect(() => rateLimit(t.deps, { ...uniqueLimit(10, 0.001), key: () => "x" })).toThrow(TypeError);
    expect(() => rateLimit(t.deps, { ...uniqueLimit(0, 1), key: () => "x" })).toThrow(TypeError);
  });

  test("answers 429 with Retry-After in the error envelope", async () => {
    const app = new Hono<AppEnv>()
      .use(rateLimit(t.deps, { ...uniqueLimit(1, 1), description: "test calls", key: () => "everyone" }))
      .get("/", (c) => c.text("ok"));
    app.onError(handleError);

    const first = await app.request("/");
    const second = await app.request("/");

    expect(first.status).toBe(200);
    expect(second.status).toBe(429);
    expect(second.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await second.json()).toMatchObject({ code: 429, error: "rate_limited", message: expect.stringMatching(/^too many test calls; try again in \d+ seconds?$/) });
  });

  test("keyed by viewer answers 401 to anonymous callers", async () => {
    const app = new Hono<AppEnv>()
      .use(async (c, next) => {
        c.set("viewer", null);
        await next();
      })
      .use(rateLimit(t.deps, { ...uniqueLimit(1, 1), key: byViewer }))
      .get("/", (c) => c.text("ok"));
    app.onError(handleError);

    const response = await app.request("/");

    expect(response.status).toBe(401);
  });
});
