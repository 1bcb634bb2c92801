import { safeNextPath } from "../router/match-route.ts";

const storageKey = "stashsphere-next";

/**
 * Keep the page to return to while the browser visits an OpenID Connect provider, because
 * the provider sends the user back to the login page without our query string.
 */
export function rememberNextPath(next: string): void {
  try {
    sessionStorage.setItem(storageKey, next);
  } catch {
    // Storage can be disabled; the user then lands on their things after login.
  }
}

/** Return the page to open after login: `?next=` first, then a path remembered before an OIDC login. */
export function nextPathAfterLogin(search: string): string {
  const fromQuery = new URLSearchParams(search).get("next");
  let stored: string | null = null;
  try {
    stored = sessionStorage.getItem(storageKey);
  } catch {
    stored = null;
  }
  return safeNextPath(fromQuery ?? stored);
}

export function forgetNextPath(): void {
  try {
    sessionStorage.removeItem(storageKey);
  } catch {
    // Nothing was stored when storage is disabled.
  }
}
