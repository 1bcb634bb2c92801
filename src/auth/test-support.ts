import type { Config } from "../config/index.ts";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { testClientAddressHeader } from "./client-address.ts";

/**
 * Helpers for the tests of login, sessions and passwords. The test app gets one extra route,
 * `GET /test/viewer`, that returns the viewer's id or null, to see whether a cookie still
 * authenticates without depending on another feature's routes.
 */
export async function createAuthTestApp(configure?: (config: Config) => void): Promise<TestApp> {
  const t = await createTestApp(configure);
  t.app.get("/test/viewer", (c) => c.json({ id: c.get("viewer")?.id ?? null }));
  return t;
}

/** Return the id of the user the cookie authenticates, or null. */
export async function viewerIdOf(t: TestApp, cookie: string): Promise<string | null> {
  const response = await t.request("GET", "/test/viewer", { cookie });
  return ((await response.json()) as { id: string | null }).id;
}

/** Collect the `Set-Cookie` values of a response by cookie name. */
export function setCookiesOf(response: Response): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const header of response.headers.getSetCookie()) cookies.set(header.slice(0, header.indexOf("=")), header);
  return cookies;
}

/** Return the value of one cookie the response sets. */
export function cookieValue(response: Response, name: string): string | undefined {
  const header = setCookiesOf(response).get(name);
  return header?.slice(name.length + 1, header.indexOf(";"));
}

/** Build a `Cookie` request header with every non-empty cookie the response sets, as a browser would. */
export function cookieHeaderFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((header) => header.slice(0, header.indexOf(";")))
    .filter((pair) => !pair.endsWith("="))
    .join("; ");
}

/** Decode the claims of a JWT without verifying it. */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] as string, "base64url").toString("utf8"));
}

export interface StoredUser {
  id: string;
  name: string;
  email: string;
}

/** Insert an account with a given password hash (null for an account without a password). */
export async function insertUser(t: TestApp, passwordHash: string | null, overrides: Partial<Omit<StoredUser, "id">> = {}): Promise<StoredUser> {
  const id = newId();
  const user = { id, name: overrides.name ?? `Auth ${id.slice(0, 6)}`, email: overrides.email ?? `auth-${id.toLowerCase()}@example.test` };
  await t.db.query(sql`insert into users (id, name, email, password_hash) values (${user.id}, ${user.name}, ${user.email}, ${passwordHash})`);
  return user;
}

/** Headers that make a request come from `address` in tests. */
export function fromAddress(address: string): Record<string, string> {
  return { [testClientAddressHeader]: address };
}

/** Make up an address in 2001:db8::/32 (reserved for documentation), so per-address limit tests never share a bucket. */
export function randomTestAddress(): string {
  const [high = 0, low = 0] = crypto.getRandomValues(new Uint16Array(2));
  return `2001:db8:${high.toString(16)}:${low.toString(16)}::7`;
}

/** Pretend a rate-limit bucket was last touched `seconds` earlier, as buckets run on the database's clock. */
export async function moveBucketIntoThePast(t: TestApp, key: string, seconds: number): Promise<void> {
  await t.db.query(sql`update rate_limit_buckets set updated_at = updated_at - make_interval(secs => ${seconds}) where key = ${key}`);
}
