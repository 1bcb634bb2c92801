import type { Context, MiddlewareHandler } from "hono";
import { createHash } from "node:crypto";
import type { Database, Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { AppEnv } from "../http/env.ts";
import { AppError } from "../http/errors.ts";
import { addressRateLimitSubject, createClientAddressResolver, type ClientAddressDeps } from "./client-address.ts";
import { requireViewer } from "./viewer.ts";

/**
 * Token buckets in PostgreSQL (`rate_limit_buckets`), so every instance behind a load balancer
 * draws from the same bucket. A bucket holds up to `capacity` tokens and gains
 * `refillPerMinute` tokens a minute; each request takes one, and a request that finds less
 * than one token gets a 429 with `Retry-After`. Time is the database's clock, so the
 * instances' clocks need not agree.
 */
export interface RateLimit {
  /** Bucket family, the first part of the key, e.g. `login-address`. */
  name: string;
  capacity: number;
  refillPerMinute: number;
  /** Plural noun for the 429 message, such as "login attempts". */
  description?: string;
}

export interface RateLimitDeps extends ClientAddressDeps {
  db: Database;
}

// Buckets untouched this long are full again for every limit (checked in assertRefillsWithinADay),
// so deleting them changes nothing.
const idleBucketSeconds = 24 * 60 * 60;
const pruneEveryMilliseconds = 10 * 60 * 1000;
const lastPruneByDatabase = new WeakMap<Database, number>();

export type RateLimitOutcome = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Take one token from the bucket of `limit` for `subject` (an address, a user id, a hashed
 * e-mail address). One upsert does it atomically: concurrent requests on any instance queue
 * on the row lock, and the refill is computed in SQL from the time since `updated_at`.
 */
export async function takeRateLimitToken(deps: Pick<RateLimitDeps, "db">, limit: RateLimit, subject: string): Promise<RateLimitOutcome> {
  const key = `${limit.name}:${subject}`;
  const perSecond = limit.refillPerMinute / 60;
  const refilled = sql`least(${limit.capacity}::float8, bucket.tokens + greatest(0, extract(epoch from statement_timestamp() - bucket.updated_at)::float8) * ${perSecond}::float8)`;

  await pruneIdleBuckets(deps.db);
  // The WHERE clause leaves an empty bucket untouched and makes the statement return no row.
  const updated = await deps.db.query(sql`
    insert into rate_limit_buckets as bucket (key, tokens, updated_at)
    values (${key}, ${limit.capacity - 1}::float8, statement_timestamp())
    on conflict (key) do update
      set tokens = ${refilled} - 1,
          updated_at = statement_timestamp()
      where ${refilled} >= 1
    returning tokens`);
  if (updated.length > 0) return { allowed: true };

  const [bucket] = await deps.db.query<{ tokens: number }>(sql`select ${refilled} as tokens from rate_limit_buckets as bucket where key = ${key}`);
  const missing = 1 - (bucket?.tokens ?? 0);
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(missing / perSecond)) };
}

async function pruneIdleBuckets(db: Database): Promise<void> {
  const now = Date.now();
  const last = lastPruneByDatabase.get(db);
  if (last !== undefined && now - last < pruneEveryMilliseconds) return;
  lastPruneByDatabase.set(db, now);
  await deleteIdleRateLimitBuckets(db);
}

/** Delete buckets untouched for a day. Requests call this at most every ten minutes per process. */
export async function deleteIdleRateLimitBuckets(db: Queryable): Promise<void> {
  await db.query(sql`delete from rate_limit_buckets where updated_at < statement_timestamp() - make_interval(secs => ${idleBucketSeconds})`);
}

/** Take a token or throw the 429; for limits keyed by a value the handler reads itself, such as an e-mail in the body. */
export async function enforceRateLimit(deps: Pick<RateLimitDeps, "db">, limit: RateLimit, subject: string): Promise<void> {
  const outcome = await takeRateLimitToken(deps, limit, subject);
  if (outcome.allowed) return;
  const seconds = outcome.retryAfterSeconds;
  throw new AppError("rate_limited", `too many ${limit.description ?? "requests"}; try again in ${seconds} second${seconds === 1 ? "" : "s"}`, {
    retryAfterSeconds: seconds,
  });
}

export interface RateLimitRule extends RateLimit {
  /** The subject of the bucket for this request; may throw (for example a 401 from `byViewer`). */
  key: (c: Context<AppEnv>) => string | Promise<string>;
}

/**
 * Middleware that takes a token before the handler runs, e.g.
 * `rateLimit(deps, { ...limits.loginPerAddress, key: byClientAddress(deps) })`.
 */
export function rateLimit(deps: RateLimitDeps, rule: RateLimitRule): MiddlewareHandler<AppEnv> {
  assertRefillsWithinADay(rule);
  return async (c, next) => {
    await enforceRateLimit(deps, rule, await rule.key(c));
    await next();
  };
}

function assertRefillsWithinADay(limit: RateLimit): void {
  if (!(limit.capacity >= 1 && limit.refillPerMinute > 0 && (limit.capacity / limit.refillPerMinute) * 60 <= idleBucketSeconds)) {
    throw new TypeError(`rate limit ${limit.name}: capacity must be at least 1 and refill completely within a day`);
  }
}

/** Key function: the client's address (IPv6 by /64), as `createClientAddressResolver` finds it. */
export function byClientAddress(deps: ClientAddressDeps): (c: Context<AppEnv>) => string {
  const resolve = createClientAddressResolver(deps);
  return (c) => addressRateLimitSubject(resolve(c));
}

/** Key function: the signed-in user's id. Anonymous callers get a 401 before the limit is consulted. */
export function byViewer(c: Context<AppEnv>): string {
  return requireViewer(c).id;
}

/**
 * Subject for per-account limits on an e-mail address, case-folded and hashed, so that the
 * buckets table does not collect the addresses people typed (including mistyped ones).
 */
export function emailRateLimitSubject(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("base64url").slice(0, 22);
}
