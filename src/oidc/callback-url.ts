import type { Context } from "hono";
import type { Config } from "../config/index.ts";

/**
 * The redirect URI registered at the provider: `<baseUrl>/api/auth/oidc/<name>/callback`.
 * Without `baseUrl` the origin of the request is used, that is the Host header over the
 * listener's plain HTTP. That suits a server reached directly (local tests, a LAN); behind a
 * TLS-terminating proxy the scheme would be wrong, so there `baseUrl` must be set, and start-up
 * warns when it is not. A forged Host header only yields a redirect URI the provider rejects.
 */
export function callbackUrlFor(c: Context, config: Pick<Config, "baseUrl">, providerName: string): string {
  const base = config.baseUrl ?? new URL(c.req.url).origin;
  return `${base}/api/auth/oidc/${encodeURIComponent(providerName)}/callback`;
}
