import type { MiddlewareHandler } from "hono";
import { AppError } from "../errors.ts";
import type { AppEnv } from "../env.ts";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * CORS for the split-domain setup (web app on one host, API on another) and a second line of
 * defence against cross-site requests beside `SameSite=Strict` cookies: a state-changing
 * request whose `Origin` is neither this server nor listed in `domains.allowed` is rejected
 * before it reaches a handler. Requests without `Origin` (curl, server-to-server) pass, because
 * browsers always send it on cross-origin and on non-GET requests.
 *
 * Origins are compared exactly (scheme, host and port); the original's `*` patterns are not
 * supported, because a wildcard plus credentials is how cross-site reads get in.
 */
export function cors(allowedOrigins: readonly string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(allowedOrigins.map((origin) => origin.replace(/\/+$/, "")));

  return async (c, next) => {
    const origin = c.req.header("origin");
    const listed = origin !== undefined && allowed.has(origin);

    if (c.req.method === "OPTIONS") {
      const headers = new Headers({ Vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers" });
      if (listed) {
        headers.set("Access-Control-Allow-Origin", origin);
        headers.set("Access-Control-Allow-Credentials", "true");
        headers.set("Access-Control-Allow-Methods", "GET, HEAD, PUT, PATCH, POST, DELETE");
        const requested = c.req.header("access-control-request-headers");
        if (requested) headers.set("Access-Control-Allow-Headers", requested);
        headers.set("Access-Control-Max-Age", "7200");
      }
      return new Response(null, { status: 204, headers });
    }

    // Bun.serve requests carry Host; requests built in process (`app.request`) only a URL.
    const host = c.req.header("host") ?? new URL(c.req.url).host;
    if (origin !== undefined && !safeMethods.has(c.req.method) && !listed && !isSameOrigin(origin, host)) {
      throw new AppError("forbidden", `cross-site request from ${origin} rejected; add it to domains.allowed if it is your web app`);
    }

    await next();

    c.header("Vary", "Origin", { append: true });
    if (listed) {
      c.header("Access-Control-Allow-Origin", origin);
      c.header("Access-Control-Allow-Credentials", "true");
    }
  };
}
