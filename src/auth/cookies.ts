import type { IssuedToken } from "./tokens.ts";
import { accessTokenSeconds, refreshTokenSeconds } from "./tokens.ts";

export const accessCookie = "stashsphere-access";
export const accessInfoCookie = "stashsphere-info";
export const refreshCookie = "stashsphere-refresh";
export const refreshInfoCookie = "stashsphere-refresh-info";
export const refreshPath = "/api/user/refresh";

export interface CookieSettings {
  /** `Domain` attribute, from `domains.cookieDomain` (or the deprecated `domains.api`); empty for host-only. */
  domain: string;
  secure: boolean;
}

interface CookieAttributes {
  path: string;
  maxAge: number;
  httpOnly: boolean;
  sameSite: "Strict" | "Lax";
}

/**
 * Normalise a configured cookie domain the way browsers would accept it: a leading dot is
 * dropped, and a value that cannot be a cookie domain (a port, a scheme, spaces) yields
 * host-only cookies rather than cookies the browser silently discards.
 */
export function normaliseCookieDomain(domain: string): string {
  const trimmed = domain.trim().replace(/^\./, "").toLowerCase();
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(trimmed) ? trimmed : "";
}

/** Serialise one cookie with attributes in the order the original emits them. */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes, settings: CookieSettings): string {
  const parts = [`${name}=${value}`, `Path=${attributes.path}`];
  const domain = normaliseCookieDomain(settings.domain);
  if (domain) parts.push(`Domain=${domain}`);
  parts.push(`Max-Age=${attributes.maxAge}`);
  if (attributes.httpOnly) parts.push("HttpOnly");
  if (settings.secure) parts.push("Secure");
  parts.push(`SameSite=${attributes.sameSite}`);
  return parts.join("; ");
}

const sessionCookies = [
  { name: accessCookie, path: "/", httpOnly: true, maxAge: accessTokenSeconds },
  { name: accessInfoCookie, path: "/", httpOnly: false, maxAge: accessTokenSeconds },
  { name: refreshCookie, path: refreshPath, httpOnly: true, maxAge: refreshTokenSeconds },
  { name: refreshInfoCookie, path: "/", httpOnly: false, maxAge: refreshTokenSeconds },
] as const;

/** The four `Set-Cookie` values of a new session, in the original's order. */
export function sessionCookieHeaders(access: IssuedToken, refresh: IssuedToken, settings: CookieSettings): string[] {
  const values = [access.token, access.info, refresh.token, refresh.info];
  return sessionCookies.map((cookie, index) =>
    serializeCookie(cookie.name, values[index] as string, { path: cookie.path, maxAge: cookie.maxAge, httpOnly: cookie.httpOnly, sameSite: "Strict" }, settings),
  );
}

/** `Set-Cookie` values that remove all four session cookies. */
export function clearedSessionCookieHeaders(settings: CookieSettings): string[] {
  return sessionCookies.map((cookie) =>
    serializeCookie(cookie.name, "", { path: cookie.path, maxAge: 0, httpOnly: cookie.httpOnly, sameSite: "Strict" }, settings),
  );
}

/** Read one cookie from a `Cookie` request header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
