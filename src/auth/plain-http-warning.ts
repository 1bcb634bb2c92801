import type { Context } from "hono";
import type { AppEnv } from "../http/env.ts";
import { limitRepeats, type RepeatLimitedWarning } from "../log/repeat-limit.ts";

// Browsers keep Secure cookies from plain HTTP only for localhost, so these hosts are fine.
const localHost = /^(localhost|[^:]+\.localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?$/i;

// One limiter per configuration, so each server (or test app) in a process gets its warning.
const warnings = new WeakMap<object, RepeatLimitedWarning>();

/**
 * Log when a login hands Secure cookies to a browser over plain HTTP on a non-local host.
 * The browser drops them without a word, so the login seems to do nothing; this line is
 * the operator's only clue. `X-Forwarded-Proto` is believed here because it only chooses
 * whether to log.
 */
export function warnAboutDroppedSecureCookies(c: Context<AppEnv>, config: { secureCookies: boolean }): void {
  if (!config.secureCookies) return;
  const forwardedProto = c.req.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  const scheme = forwardedProto ?? new URL(c.req.url).protocol.replace(/:$/, "");
  if (scheme !== "http") return;
  const host = c.req.header("host");
  if (host === undefined || localHost.test(host)) return;
  let warning = warnings.get(config);
  if (!warning) {
    warning = limitRepeats(60 * 60 * 1000);
    warnings.set(config, warning);
  }
  warning.warn(
    c.get("log"),
    "login over plain HTTP: browsers drop the Secure session cookies, so the user stays logged out; serve over HTTPS, or start with --disable-secure-cookies on a trusted network",
    { host },
  );
}
