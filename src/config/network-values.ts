import { isIP } from "node:net";
import { weakValue } from "./weak-values.ts";

/** Value schemas for addresses, URLs and origins. */

/**
 * Accept an absolute http or https URL. With `trimTrailingSlash` the result has no trailing
 * slash, so callers can append paths. Issuer URLs keep theirs because OIDC discovery compares
 * them exactly.
 */
export function httpUrl(options: { trimTrailingSlash: boolean }) {
  return weakValue({
    type: "URL (http or https)",
    expected: "an http or https URL such as https://stash.example.com",
    coerce: (input) => {
      if (typeof input !== "string" || !URL.canParse(input)) return undefined;
      const url = new URL(input);
      if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
      return options.trimTrailingSlash ? input.replace(/\/+$/, "") : input;
    },
  });
}

/** `host:port`, `[ipv6]:port` or `:port` (all interfaces); the port must be 1–65535. */
export function listenAddress() {
  return weakValue({
    type: "host:port",
    expected: "host:port such as :8081, 127.0.0.1:8081 or [::1]:8081",
    coerce: (input) => {
      if (typeof input !== "string") return undefined;
      const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]*)):(\d{1,5})$/.exec(input);
      if (!match) return undefined;
      if (match[1] !== undefined && isIP(match[1]) !== 6) return undefined;
      const port = Number(match[3]);
      return port >= 1 && port <= 65535 ? input : undefined;
    },
  });
}

function isIpOrCidr(text: string): boolean {
  const [address = "", prefix, ...rest] = text.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

export function ipOrCidr() {
  return weakValue({
    type: "IP address or CIDR range",
    expected: "an IP address or CIDR range such as 10.0.0.1, 10.0.0.0/8 or fd00::/8",
    coerce: (input) => (typeof input === "string" && isIpOrCidr(input) ? input : undefined),
  });
}

/**
 * Accept a browser origin: scheme, host and optional port, in the form the `Origin` header
 * carries (lower case, no default port, no trailing slash). The CORS check compares origins
 * exactly, so the original's `*` and `?` wildcards are rejected rather than silently never
 * matching, and so is a path.
 */
export function origin() {
  return weakValue({
    type: "origin",
    expected: "an origin such as https://stash.example.com (scheme, host and optional port, without path or wildcards)",
    coerce: (input) => {
      if (typeof input !== "string" || /[*?]/.test(input) || !URL.canParse(input)) return undefined;
      const url = new URL(input);
      const plain = url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
      return plain && (url.protocol === "http:" || url.protocol === "https:") ? url.origin : undefined;
    },
  });
}

const hostNamePattern = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/**
 * Accept the `Domain` attribute of the auth cookies: a host name without scheme or port, or
 * empty for host-only cookies. A leading dot is dropped, as browsers do.
 */
export function cookieDomain() {
  return weakValue({
    type: "host name",
    expected: "a host name such as stash.example.com (no scheme, port or path), or an empty string",
    coerce: (input) => {
      if (typeof input !== "string") return undefined;
      const domain = input.replace(/^\./, "").toLowerCase();
      return domain === "" || hostNamePattern.test(domain) ? domain : undefined;
    },
  });
}
