import type { Context, MiddlewareHandler } from "hono";
import { queryOne, type Database } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { unauthenticated } from "../http/errors.ts";
import type { AppEnv, Clock, Viewer } from "../http/env.ts";
import { accessCookie, readCookie } from "./cookies.ts";
import type { SigningKey } from "./signing-key.ts";
import { verifyAccessToken } from "./tokens.ts";

/**
 * Find out who is calling. A missing, malformed, expired or revoked access token leaves the
 * request anonymous (routes that need a user answer 401 themselves).
 *
 * A valid token is checked against the database on every request: the user must still exist
 * and the token's session epoch must be the current one. That costs one primary-key lookup per
 * authenticated request, and buys revocation (logout everywhere, password change, deletion) and
 * a name and e-mail that are never stale.
 */
export function resolveViewer(deps: { db: Database; signingKey: SigningKey; clock: Clock }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("viewer", null);
    const token = readCookie(c.req.header("cookie"), accessCookie);
    if (token) {
      const claims = await verifyAccessToken(deps.signingKey, token, deps.clock.now());
      if (claims) {
        const viewer = await queryOne<Viewer>(
          deps.db,
          sql`select id, name, email from users where id = ${claims.userId} and session_epoch = ${claims.epoch}`,
        );
        if (viewer) c.set("viewer", viewer);
      }
    }
    await next();
  };
}

/** The caller, or a 401 before anything else about the request is looked at. */
export function requireViewer(c: Context<AppEnv>): Viewer {
  const viewer = c.get("viewer");
  if (!viewer) throw unauthenticated();
  return viewer;
}
