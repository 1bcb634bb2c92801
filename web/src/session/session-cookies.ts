export const accessInfoCookie = "stashsphere-info";
export const refreshInfoCookie = "stashsphere-refresh-info";
export const oidcLinkChallengeCookie = "oidc-link-challenge";

/**
 * Message for a login the server accepted but the browser kept no session of. Browsers drop
 * cookies marked `Secure` that arrive over plain HTTP from a host other than localhost or a
 * loopback address, and the server marks them so unless its operator turned that off.
 */
export const sessionNotKeptMessage =
  "You were logged in, but the browser did not keep the session: this server marks its cookies Secure, which needs HTTPS. Open it over HTTPS, or (on a trusted network only) start it with --disable-secure-cookies; see docs/hosting.md.";

/** True when the JS-readable copy of the access token arrived, so the browser kept the session cookies. */
export const sessionCookiesKept = (cookies: string) => readCookie(cookies, accessInfoCookie) !== undefined;

/** Read one cookie from a `document.cookie` string. */
export function readCookie(cookies: string, name: string): string | undefined {
  for (const part of cookies.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return undefined;
}

export interface InfoClaims {
  userId?: string;
  email?: string;
  name?: string;
  /** Expiry, in seconds since the epoch. */
  exp?: number;
}

/**
 * Decode the claims of a JWT without checking its signature. Only the unsigned "info" copies
 * of the session tokens are read this way, to learn the login state and the expiry time;
 * the server verifies the signed tokens on every request.
 */
export function decodeJwtClaims(token: string): InfoClaims | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(payload.length / 4) * 4, "=");
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === "object" ? (claims as InfoClaims) : undefined;
  } catch {
    return undefined;
  }
}

export interface SessionCookies {
  /** Claims of the access token, when its info cookie is present. */
  access?: InfoClaims;
  /** True when a refresh token exists, so the session can be renewed. */
  refreshable: boolean;
}

export function readSessionCookies(cookies: string): SessionCookies {
  const access = readCookie(cookies, accessInfoCookie);
  const refresh = readCookie(cookies, refreshInfoCookie);
  return { access: access ? (decodeJwtClaims(access) ?? {}) : undefined, refreshable: refresh !== undefined };
}

/** Seconds before expiry at which the access token is renewed. */
export const refreshMarginSeconds = 15 * 60;

/** True when the session should be refreshed now: the access token is missing or expires soon. */
export function needsRefresh(session: SessionCookies, nowSeconds: number): boolean {
  if (!session.refreshable) return false;
  const exp = session.access?.exp;
  return exp === undefined || exp - nowSeconds < refreshMarginSeconds;
}

export const isLoggedIn = (session: SessionCookies) => session.access !== undefined || session.refreshable;
