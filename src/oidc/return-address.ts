import type { Config } from "../config/index.ts";

type AddressConfig = Pick<Config, "frontendUrl" | "domains">;

/**
 * Accept `redirect_to` only when it is an absolute http(s) URL on an origin of the web app
 * (`frontendUrl` or one of `domains.allowed`), so the login cannot be turned into an open
 * redirect. Query and fragment are dropped because the callback adds its own parameters.
 * Returns undefined for anything else, and the login then ends on the default page.
 */
export function acceptReturnAddress(redirectTo: string | undefined, config: AddressConfig): string | undefined {
  if (!redirectTo || !URL.canParse(redirectTo)) return undefined;
  const url = new URL(redirectTo);
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  if (url.username || url.password) return undefined;
  const origins = new Set([new URL(config.frontendUrl).origin, ...config.domains.allowed]);
  return origins.has(url.origin) ? `${url.origin}${url.pathname}` : undefined;
}

/**
 * The page of the web app where a login ends: the accepted `redirect_to`, else the login page
 * under `frontendUrl`, with the outcome in the query (`status=success`, `error=…`,
 * `action=link_required`).
 */
export function webAppAddress(config: AddressConfig, returnAddress: string | undefined, parameters: Record<string, string>): string {
  const url = new URL(acceptReturnAddress(returnAddress, config) ?? `${config.frontendUrl}/user/login`);
  for (const [key, value] of Object.entries(parameters)) url.searchParams.set(key, value);
  return url.toString();
}
