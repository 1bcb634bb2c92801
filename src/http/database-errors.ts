// Failures that mean "the database is not reachable right now", as opposed to a bad statement.
// postgres.js reports socket problems with Node-style codes and its own CONNECT_TIMEOUT,
// QUERY_TIMEOUT (no response within the query timeout) and CONNECTION_* codes;
// PostgreSQL itself uses SQLSTATE class 08 (connection exception) and 57P01-57P03 while it
// shuts down or starts up. 57014 (query cancelled) is here too: a cancel that the query timeout
// sent to a hung server can arrive after it recovers and hit the next statement on that
// connection, and a transaction cancelled so is rolled back, so a retry is the right answer.
const unavailableCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ETIMEDOUT",
  "CONNECT_TIMEOUT",
  "QUERY_TIMEOUT",
  "QUEUE_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57014",
  "57P01",
  "57P02",
  "57P03",
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  if (typeof code !== "string") return false;
  // A stopped server on a Unix socket: the socket file is gone (ENOENT) while PostgreSQL is
  // down, so the connect fails with a file-system code rather than ECONNREFUSED.
  if (syscall === "connect") return true;
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
