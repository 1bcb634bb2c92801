import type { Context } from "hono";
import { AppError } from "../errors.ts";
import type { AppEnv } from "../env.ts";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);
const preflightVary = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** The CORS policy's decision for one request, which the request frame applies. */
export interface CorsDecision {
  /** The request's `Origin` when it is listed in `domains.allowed`. */
  listedOrigin: string | undefined;
  /** The complete response to a preflight (`OPTIONS`) request. */
  preflight?: Response;
}

const noOrigin: CorsDecision = Object.freeze({ listedOrigin: undefined });

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
export function corsPolicy(allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins.map((origin) => origin.replace(/\/+$/, "")));

  return {
    /** Decide before the handler runs; throws the 403 for a cross-site write. */
    decide(c: Context<AppEnv>, method: string): CorsDecision {
      const headers = c.req.raw.headers;
      const origin = headers.get("origin") ?? undefined;
      if (origin === undefined && method !== "OPTIONS") return noOrigin;
      const listedOrigin = origin !== undefined && allowed.has(origin) ? origin : undefined;

      if (method === "OPTIONS") {
        const answer = new Headers({ Vary: preflightVary });
        if (listedOrigin) {
          answer.set("Access-Control-Allow-Origin", listedOrigin);
          answer.set("Access-Control-Allow-Credentials", "true");
          answer.set("Access-Control-Allow-Methods", "GET, HEAD, PUT, PATCH, POST, DELETE");
          const requested = headers.get("access-control-request-headers");
          if (requested) answer.set("Access-Control-Allow-Headers", requested);
          answer.set("Access-Control-Max-Age", "7200");
        }
        return { listedOrigin, preflight: new Response(null, { status: 204, headers: answer }) };
      }

      if (origin !== undefined && !listedOrigin && !safeMethods.has(method)) {
        // Bun.serve requests carry Host; requests built in process (`app.request`) only a URL.
        const host = headers.get("host") ?? new URL(c.req.url).host;
        if (!isSameOrigin(origin, host)) {
          throw new AppError("forbidden", `cross-site request from ${origin} rejected; add it to domains.allowed if it is your web app`);
        }
      }
      return { listedOrigin };
    },

    /** Add the headers of a decision to a response other than a preflight response. */
    addHeaders(headers: Headers, decision: CorsDecision): void {
      headers.append("Vary", "Origin");
      if (decision.listedOrigin) {
        headers.set("Access-Control-Allow-Origin", decision.listedOrigin);
        headers.set("Access-Control-Allow-Credentials", "true");
      }
    },
  };
}
