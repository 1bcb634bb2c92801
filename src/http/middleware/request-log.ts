import type { MiddlewareHandler } from "hono";
import type { Logger } from "../../log/logger.ts";
import type { AppEnv } from "../env.ts";

/**
 * One log line per request with an allowlist of fields: method, path (without the query
 * string, which may carry search terms), status, duration and user id. Bodies, cookies and
 * headers are never logged.
 */
export function requestLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestLogger = log.child({ requestId: c.get("requestId") });
    c.set("log", requestLogger);
    try {
      await next();
    } finally {
      const status = c.res.status;
      const fields = {
        method: c.req.method,
        path: c.req.path,
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        userId: c.get("viewer")?.id,
      };
      if (status >= 500) requestLogger.warn("request", fields);
      else requestLogger.info("request", fields);
    }
  };
}
