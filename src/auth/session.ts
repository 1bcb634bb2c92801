import type { Context } from "hono";
import type { Config } from "../config/index.ts";
import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { AppEnv, Clock } from "../http/env.ts";
import { clearedSessionCookieHeaders, sessionCookieHeaders, type CookieSettings } from "./cookies.ts";
import { warnAboutDroppedSecureCookies } from "./plain-http-warning.ts";
import type { SigningKey } from "./signing-key.ts";
import { issueAccessToken, issueRefreshToken, type SessionUser } from "./tokens.ts";

export interface SessionDeps {
  config: Pick<Config, "cookieDomain" | "secureCookies">;
  signingKey: SigningKey;
  clock: Clock;
}

export function cookieSettingsOf(config: SessionDeps["config"]): CookieSettings {
  return { domain: config.cookieDomain, secure: config.secureCookies };
}

/** Sign new access and refresh tokens for the user and add the four session cookies to the response. */
export async function setSessionCookies(c: Context<AppEnv>, deps: SessionDeps, user: SessionUser): Promise<void> {
  const now = deps.clock.now();
  const access = await issueAccessToken(deps.signingKey, user, now);
  const refresh = await issueRefreshToken(deps.signingKey, user, now);
  for (const cookie of sessionCookieHeaders(access, refresh, cookieSettingsOf(deps.config))) {
    c.header("Set-Cookie", cookie, { append: true });
  }
  warnAboutDroppedSecureCookies(c, deps.config);
}

/** Add the four `Set-Cookie` headers that remove the session cookies to the response. */
export function clearSessionCookies(c: Context<AppEnv>, deps: Pick<SessionDeps, "config">): void {
  for (const cookie of clearedSessionCookieHeaders(cookieSettingsOf(deps.config))) {
    c.header("Set-Cookie", cookie, { append: true });
  }
}

/**
 * End every session of the user: tokens carry the epoch they were issued under, and the
 * viewer and refresh checks accept only the current one. Returns the new epoch, or undefined
 * when the user does not exist.
 */
export async function bumpSessionEpoch(tx: Queryable, userId: string): Promise<number | undefined> {
  const [row] = await tx.query<{ session_epoch: number }>(
    sql`update users set session_epoch = session_epoch + 1 where id = ${userId} returning session_epoch`,
  );
  return row?.session_epoch;
}
