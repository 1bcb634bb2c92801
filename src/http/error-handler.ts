import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { HTTPException } from "hono/http-exception";
import { AppError, errorBody, type ErrorBody, type ErrorCode } from "./errors.ts";
import { isDatabaseUnavailable } from "./database-errors.ts";
import { isOutOfStorage } from "./storage-errors.ts";
import type { AppEnv } from "./env.ts";
import { limitRepeats } from "../log/repeat-limit.ts";

const retryAfterUnavailableSeconds = 2;
// During an outage every request fails the same way; one line per 10 s, with a count, says it.
const databaseOutageWarning = limitRepeats(10_000);
const outOfStorageWarning = limitRepeats(10_000);

function respond(c: Context<AppEnv>, body: ErrorBody, headers: Record<string, string> = {}): Response {
  // Through the context, so headers set earlier (the request id) are kept.
  return c.json(body, body.code as ContentfulStatusCode, headers);
}

/**
 * Map anything a handler throws to the one error envelope. Client mistakes are `AppError`s and
 * keep their status. A database that is down becomes a 503 with `Retry-After`, a full disk a
 * 507. Anything else is our bug: it is logged in full with the request id, and the client gets
 * a fixed sentence, because driver errors contain SQL and parameters.
 */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  const requestId = c.get("requestId");
  if (error instanceof AppError) {
    const headers: Record<string, string> = {};
    if (error.details.retryAfterSeconds !== undefined) headers["Retry-After"] = String(Math.ceil(error.details.retryAfterSeconds));
    return respond(c, errorBody(error, requestId), headers);
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    let code: ErrorCode = "invalid_input";
    if (status === 413) code = "payload_too_large";
    if (status === 401) code = "unauthenticated";
    const message = status === 413 ? "request body too large" : error.message || "invalid request";
    return respond(c, { code: status, error: code, message, requestId });
  }
  const log = c.get("log");
  if (isDatabaseUnavailable(error)) {
    if (log) databaseOutageWarning.warn(log, "database unavailable", { error: (error as Error).message, path: c.req.path });
    return respond(
      c,
      { code: 503, error: "service_unavailable", message: "the database is unavailable; try again in a moment", requestId },
      { "Retry-After": String(retryAfterUnavailableSeconds) },
    );
  }
  if (isOutOfStorage(error)) {
    // The operator has to free space; the handler that failed has removed its partial files.
    if (log) outOfStorageWarning.warn(log, "no storage space left", { error: (error as Error).message, path: c.req.path });
    return respond(c, { code: 507, error: "insufficient_storage", message: "the server has no storage space left to store this; try again later", requestId });
  }
  log?.error("unhandled error", { error, method: c.req.method, path: c.req.path });
  return respond(c, {
    code: 500,
    error: "internal",
    message: "Internal Server Error: the server failed to handle this request; its log has the details under the request id",
    requestId,
  });
}

export function handleNotFound(c: Context<AppEnv>): Response {
  return respond(c, { code: 404, error: "not_found", message: `no route for ${c.req.method} ${c.req.path}`, requestId: c.get("requestId") });
}
