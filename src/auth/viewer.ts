import type { Context } from "hono";
import { queryOne, type Database } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { unauthenticated } from "../http/errors.ts";
import type { AppEnv, Clock, Session, Viewer } from "../http/env.ts";
import { accessCookie, readCookie } from "./cookies.ts";
import type { SigningKey } from "./signing-key.ts";
import { verifyAccessToken } from "./tokens.ts";

export interface ViewerResolverOptions {
  /**
   * Routes, as `"GET /api/user/profile"`, whose own query checks the session epoch (see
   * `requireSession`), so the separate viewer lookup is skipped for them.
   */
  routesCheckingTheSession?: Iterable<string>;
}

/**
 * Find out who is calling and store it as the `viewer` (and the token's `session`) of the
 * request, which the caller has set to null beforehand. A missing, malformed, expired or revoked access token leaves the request anonymous
 * (routes that need a user respond with 401 themselves).
 *
 * A valid token is checked against the database on every request: the user must still exist
 * and the token's session epoch must be the current one. That costs one primary-key lookup per
 * authenticated request, and buys revocation (logout everywhere, password change, deletion) that
 * takes effect at once on every instance sharing the database, and a name and e-mail that are never stale.
 * A request without a Cookie header costs nothing here.
 */
export function viewerResolver(deps: { db: Database; signingKey: SigningKey; clock: Clock }, options: ViewerResolverOptions = {}) {
  const selfChecking = new Set(options.routesCheckingTheSession ?? []);

  return async (c: Context<AppEnv>, method: string, path: string): Promise<void> => {
    const token = readCookie(c.req.raw.headers.get("cookie") ?? undefined, accessCookie);
    if (!token) return;
    const claims = await verifyAccessToken(deps.signingKey, token, deps.clock.now());
    if (!claims) return;
    const session: Session = { userId: claims.userId, epoch: claims.epoch };
    if (selfChecking.size > 0 && selfChecking.has(`${method} ${path}`)) {
      c.set("session", session);
      return;
    }
    const viewer = await queryOne<Viewer>(
      deps.db,
      sql`select id, name, email from users where id = ${claims.userId} and session_epoch = ${claims.epoch}`,
    );
    if (viewer) {
      c.set("viewer", viewer);
      c.set("session", session);
    }
  };
}

/** The caller, or a 401 before anything else about the request is looked at. */
export function requireViewer(c: Context<AppEnv>): Viewer {
  const viewer = c.get("viewer");
  if (!viewer) throw unauthenticated();
  return viewer;
}

/**
 * The user and session epoch of a verified access token, or a 401. The epoch may not have been
 * checked yet. A route listed in `routesCheckingTheSession` must add `session_epoch = epoch` to
 * its own query of the user and respond with 401 when that finds nothing. It should then store
 * the viewer with `c.set("viewer", …)` so the request log names the user.
 */
export function requireSession(c: Context<AppEnv>): Session {
  const session = c.get("session");
  if (!session) throw unauthenticated();
  return session;
}
