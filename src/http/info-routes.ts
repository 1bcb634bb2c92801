import { Hono } from "hono";
import { providerDirectoryFor, type ProviderStatus } from "../oidc/provider-directory.ts";
import type { AppDeps } from "./deps.ts";
import type { AppEnv } from "./env.ts";

/**
 * `GET /api/info`: public facts the login and registration pages need. Works without the
 * database. Everything but the providers' availability is fixed for the life of the process, so
 * the body is serialised again only when an availability changes, and never without providers.
 */
export function infoRoutes(deps: AppDeps) {
  const oidcProviders = providerDirectoryFor(deps);
  const fixed = {
    inviteRequired: deps.config.invites.enabled,
    minPasswordLength: deps.config.auth.minPasswordLength,
    version: deps.version,
  };
  const withProviders = oidcProviders.statuses().length > 0;
  let body = JSON.stringify({ ...fixed, oidcProviders: [] });
  let bodyAvailability = "";

  // `available` is false while a provider's discovery fails, so the web app can show that on its button.
  const refreshBody = (statuses: ProviderStatus[]) => {
    const availability = statuses.map((status) => (status.available ? "1" : "0")).join("");
    if (availability === bodyAvailability) return;
    body = JSON.stringify({ ...fixed, oidcProviders: statuses });
    bodyAvailability = availability;
  };

  return new Hono<AppEnv>().get("/", () => {
    if (withProviders) refreshBody(oidcProviders.statuses());
    return new Response(body, { headers: { "Content-Type": "application/json" } });
  });
}
