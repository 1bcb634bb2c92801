import { readCookie, serializeCookie, type CookieSettings } from "../auth/cookies.ts";

/**
 * The short-lived cookies that carry one login attempt from `/authorize` to `/callback`. They
 * are host-only and scoped to the OIDC routes, because nothing else needs them. SameSite=Lax,
 * not Strict: the browser comes back from the provider's site with a top-level redirect, and
 * a Strict cookie would not be sent on it.
 */
export const loginCookieNames = {
  state: "oidc-state",
  nonce: "oidc-nonce",
  verifier: "oidc-verifier",
  returnAddress: "oidc-redirect",
} as const;

export const linkChallengeCookie = "oidc-link-challenge";

const loginCookiePath = "/api/auth/oidc";
export const loginAttemptSeconds = 600;

export interface LoginAttempt {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Validated page of the web app to return to; absent means the default login page. */
  returnAddress?: string;
}

function loginCookie(name: string, value: string, maxAge: number, secure: boolean): string {
  return serializeCookie(name, value, { path: loginCookiePath, maxAge, httpOnly: true, sameSite: "Lax" }, { domain: "", secure });
}

export function loginAttemptCookieHeaders(attempt: LoginAttempt, secure: boolean): string[] {
  const headers = [
    loginCookie(loginCookieNames.state, attempt.state, loginAttemptSeconds, secure),
    loginCookie(loginCookieNames.nonce, attempt.nonce, loginAttemptSeconds, secure),
    loginCookie(loginCookieNames.verifier, attempt.codeVerifier, loginAttemptSeconds, secure),
  ];
  if (attempt.returnAddress) {
    headers.push(loginCookie(loginCookieNames.returnAddress, encodeURIComponent(attempt.returnAddress), loginAttemptSeconds, secure));
  }
  return headers;
}

/** Remove every login-attempt cookie, so a state value works for one callback only. */
export function clearedLoginAttemptCookieHeaders(secure: boolean): string[] {
  return Object.values(loginCookieNames).map((name) => loginCookie(name, "", 0, secure));
}

/** The attempt as the browser sent it back; fields are undefined when their cookie is missing. */
export function readLoginAttempt(cookieHeader: string | undefined): Partial<LoginAttempt> {
  const encodedReturnAddress = readCookie(cookieHeader, loginCookieNames.returnAddress);
  let returnAddress: string | undefined;
  try {
    returnAddress = encodedReturnAddress ? decodeURIComponent(encodedReturnAddress) : undefined;
  } catch {
    returnAddress = undefined;
  }
  return {
    state: readCookie(cookieHeader, loginCookieNames.state) || undefined,
    nonce: readCookie(cookieHeader, loginCookieNames.nonce) || undefined,
    codeVerifier: readCookie(cookieHeader, loginCookieNames.verifier) || undefined,
    returnAddress,
  };
}

/**
 * The link challenge is read by the web app's JavaScript and posted back with the password,
 * so it is not HttpOnly, and it carries the session cookies' Domain so a web app on a sibling
 * host can read it.
 */
export function linkChallengeCookieHeader(token: string, settings: CookieSettings): string {
  return serializeCookie(linkChallengeCookie, token, { path: "/", maxAge: loginAttemptSeconds, httpOnly: false, sameSite: "Lax" }, settings);
}

export function clearedLinkChallengeCookieHeader(settings: CookieSettings): string {
  return serializeCookie(linkChallengeCookie, "", { path: "/", maxAge: 0, httpOnly: false, sameSite: "Lax" }, settings);
}
