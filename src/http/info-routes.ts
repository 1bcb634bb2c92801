import { Hono } from "hono";
import type { AppDeps } from "./deps.ts";
import type { AppEnv } from "./env.ts";

/** `GET /api/info`: public facts the login and registration pages need. Works without the database. */
export function infoRoutes(deps: AppDeps) {
  const oidc = deps.config.auth.oidc;
  const body = {
    inviteRequired: deps.config.invites.enabled,
    minPasswordLength: deps.config.auth.minPasswordLength,
    oidcProviders: oidc.enabled ? oidc.providers.map((provider) => ({ name: provider.name, displayName: provider.display_name })) : [],
    version: deps.version,
  };
  return new Hono<AppEnv>().get("/", (c) => c.json(body));
}
