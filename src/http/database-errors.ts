// Failures that mean "the database is not reachable right now", as opposed to a bad statement.
// postgres.js reports socket problems with Node-style codes and its own CONNECT_TIMEOUT and
// CONNECTION_* codes; PostgreSQL itself uses SQLSTATE class 08 (connection exception) and
// 57P01-57P03 while it shuts down or starts up.
const unavailableCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EPIPE",
  "ETIMEDOUT",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01",
  "57P02",
  "57P03",
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return false;
  return unavailableCodes.has(code) || code.startsWith("08");
}

/** SQLSTATE of a PostgreSQL error (both drivers expose it as `code`), or undefined. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Name of the violated constraint on a 23xxx error, for mapping to a precise 409. */
export function violatedConstraint(error: unknown): string | undefined {
  const record = error as { constraint_name?: unknown; constraint?: unknown } | null;
  const name = record?.constraint_name ?? record?.constraint;
  return typeof name === "string" ? name : undefined;
}
