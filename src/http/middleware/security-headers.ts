import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";

/** Headers that cost nothing and close whole classes of attacks on API responses. */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "same-origin");
    if (c.req.path.startsWith("/api/")) {
      c.header("X-Frame-Options", "DENY");
      if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
    }
  };
}
