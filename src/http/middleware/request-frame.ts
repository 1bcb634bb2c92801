import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { viewerResolver } from "../../auth/viewer.ts";
import { mailQueuedCount, wakeMailWorkerIfQueuedSince } from "../../mail/wake.ts";
import type { AppDeps } from "../deps.ts";
import type { AppEnv } from "../env.ts";
import { handleError } from "../error-handler.ts";
import { AppError, invalidInput } from "../errors.ts";
import { corsPolicy } from "./cors.ts";

/** JSON bodies are small; uploads have their own, configurable limit on their route. */
export const jsonBodyLimitBytes = 1024 * 1024;
const requestIdMaxLength = 64;
const requestIdText = /[^\w\-=]/;

export interface RequestFrameOptions {
  /** Routes, as `"GET /api/user/profile"`, whose own query checks the session epoch. */
  routesCheckingTheSession?: Iterable<string>;
}

/** Return the incoming `X-Request-Id` when it is short and plain, otherwise a new one. */
function requestIdFrom(header: string | null): string {
  if (header && header.length <= requestIdMaxLength && !requestIdText.test(header)) return header;
  return crypto.randomUUID();
}

function limitsJsonBody(method: string, path: string): boolean {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  return path.startsWith("/api/") && !(method === "POST" && path === "/api/images");
}

function hasNulInPath(url: string): boolean {
  const queryStart = url.indexOf("?");
  return /%00/i.test(queryStart === -1 ? url : url.slice(0, queryStart));
}

/**
 * Everything every request goes through, in one middleware, in this order:
 *
 * 1. a request id (a well-formed incoming `X-Request-Id` is kept) and a logger bound to it;
 * 2. CORS: the response to a preflight is made here, and a cross-site write is rejected with 403;
 * 3. the 1 MiB limit on JSON bodies under `/api/` (uploads to `POST /api/images` excepted),
 *    before anyone reads the body or the session;
 * 4. the viewer, from the access cookie; skipped without a Cookie header;
 * 5. the route; then on the way out the security headers, the request id and CORS headers,
 *    one log line (method, path without query, status, duration, user id: never bodies,
 *    cookies or headers), and a wake-up of the mail worker if the request queued mail.
 *
 * It was seven middlewares once; each cost 1 to 5 µs a request, mostly in promise hops and in
 * Hono copying the response for every header set after the handler. Here headers are set on
 * the response once, directly.
 */
export function requestFrame(deps: AppDeps, options: RequestFrameOptions = {}): MiddlewareHandler<AppEnv> {
  const cors = corsPolicy(deps.config.domains.allowed);
  const resolveViewer = viewerResolver(deps, options);
  const limitJsonBody = bodyLimit({
    maxSize: jsonBodyLimitBytes,
    onError: () => {
      throw new AppError("payload_too_large", `request body larger than ${jsonBodyLimitBytes} bytes`);
    },
  });

  return async (c, next) => {
    const started = performance.now();
    const method = c.req.raw.method;
    const path = c.req.path;
    const requestId = requestIdFrom(c.req.raw.headers.get("x-request-id"));
    const log = deps.log.child({ requestId });
    c.set("requestId", requestId);
    c.set("log", log);
    c.set("viewer", null);
    c.set("session", null);
    const mailQueuedAtStart = mailQueuedCount();

    let decision;
    try {
      // A NUL in a path parameter would reach a statement, where PostgreSQL rejects it with
      // an error that looks like the server's fault. Query parameters are checked by name when
      // the route validates them (parseWith).
      if (hasNulInPath(c.req.url)) throw invalidInput("the request path must not contain NUL characters (%00)");
      decision = cors.decide(c, method);
      if (decision.preflight) {
        c.res = decision.preflight;
      } else if (limitsJsonBody(method, path)) {
        await limitJsonBody(c, async () => {
          await resolveViewer(c, method, path);
          await next();
        });
      } else {
        if (c.req.raw.headers.has("cookie")) await resolveViewer(c, method, path);
        await next();
      }
    } catch (error) {
      // Errors of the route itself were rendered by Hono already; these are the frame's own.
      c.res = handleError(error as Error, c);
    }

    let response = c.res;
    try {
      response.headers.set("X-Request-Id", requestId);
    } catch {
      // A response with read-only headers is copied once. Bun 1.4.5 makes none of that kind itself.
      response = new Response(response.body, response);
      response.headers.set("X-Request-Id", requestId);
      c.res = response;
    }
    const headers = response.headers;
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "same-origin");
    if (path.startsWith("/api/")) {
      headers.set("X-Frame-Options", "DENY");
      if (!headers.has("Cache-Control")) headers.set("Cache-Control", "no-store");
    }
    if (decision && !decision.preflight) cors.addHeaders(headers, decision);

    const status = response.status;
    const fields = { method, path, status, ms: Math.round((performance.now() - started) * 10) / 10, userId: c.get("viewer")?.id };
    if (status >= 500) log.warn("request", fields);
    else log.info("request", fields);

    wakeMailWorkerIfQueuedSince(mailQueuedAtStart);
  };
}
