import { Hono } from "hono";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { authorizeHandler } from "./authorize-route.ts";
import { callbackHandler } from "./callback-route.ts";
import { linkHandler } from "./link-route.ts";
import { logoutUrlHandler } from "./logout-url-route.ts";
import { providerDirectoryFor } from "./provider-directory.ts";

/** Login through OpenID Connect providers, mounted at `/api/auth/oidc`. */
export function oidcRoutes(deps: AppDeps) {
  const directory = providerDirectoryFor(deps);
  return new Hono<AppEnv>()
    .get("/:name/authorize", authorizeHandler(deps, directory))
    .get("/:name/callback", callbackHandler(deps, directory))
    .post("/:name/link", linkHandler(deps, directory))
    .get("/:name/logout-url", logoutUrlHandler(deps, directory));
}
