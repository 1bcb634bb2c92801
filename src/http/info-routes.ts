import { Hono } from "hono";
import { providerDirectoryFor } from "../oidc/provider-directory.ts";
import type { AppDeps } from "./deps.ts";
import type { AppEnv } from "./env.ts";

/** `GET /api/info`: public facts the login and registration pages need. Works without the database. */
export function infoRoutes(deps: AppDeps) {
  const oidcProviders = providerDirectoryFor(deps);
  const body = {
    inviteRequired: deps.config.invites.enabled,
    minPasswordLength: deps.config.auth.minPasswordLength,
    version: deps.version,
  };
  // `available` is false while a provider's discovery fails, so the web app can show that on its button.
  return new Hono<AppEnv>().get("/", (c) => c.json({ ...body, oidcProviders: oidcProviders.statuses() }));
}
