import { sessionCookieHeaders, type CookieSettings } from "../auth/cookies.ts";
import type { SigningKey } from "../auth/signing-key.ts";
import { issueAccessToken, issueRefreshToken } from "../auth/tokens.ts";
import type { Config } from "../config/index.ts";
import type { Clock } from "../http/env.ts";
import type { AccountRow } from "./identity-queries.ts";

export interface SessionDeps {
  config: Pick<Config, "cookieDomain" | "secureCookies">;
  signingKey: SigningKey;
  clock: Clock;
}

export function cookieSettings(config: SessionDeps["config"]): CookieSettings {
  return { domain: config.cookieDomain, secure: config.secureCookies };
}

/** The four session cookies for a login, the same as a password login sets. */
export async function sessionCookiesFor(deps: SessionDeps, account: AccountRow): Promise<string[]> {
  const user = { id: account.id, name: account.name, email: account.email, sessionEpoch: account.session_epoch };
  const now = deps.clock.now();
  const [access, refresh] = await Promise.all([issueAccessToken(deps.signingKey, user, now), issueRefreshToken(deps.signingKey, user, now)]);
  return sessionCookieHeaders(access, refresh, cookieSettings(deps.config));
}
