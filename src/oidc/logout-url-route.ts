import type { Context } from "hono";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { configuredProvider } from "./configured-provider.ts";
import { ProviderUnavailableError, type ProviderDirectory } from "./provider-directory.ts";

/**
 * `GET /api/auth/oidc/:name/logout-url` returns `{url}`, the address where the web app can end
 * the session at the provider too (RP-Initiated Logout). The provider sends the browser back to
 * the login page with `signedOut=1`. The URL is `null` when the provider publishes no
 * `end_session_endpoint` or cannot be reached.
 */
export function logoutUrlHandler(deps: AppDeps, directory: ProviderDirectory) {
  return async (c: Context<AppEnv>) => {
    const config = configuredProvider(c, directory);
    let endSessionEndpoint: string | undefined;
    try {
      endSessionEndpoint = (await directory.discovered(config.name)).metadata.endSessionEndpoint;
    } catch (error) {
      if (!(error instanceof ProviderUnavailableError)) throw error;
    }
    if (!endSessionEndpoint) return c.json({ url: null });

    const url = new URL(endSessionEndpoint);
    url.searchParams.set("client_id", config.client_id);
    url.searchParams.set("post_logout_redirect_uri", `${deps.config.frontendUrl}/user/login?signedOut=1`);
    return c.json({ url: url.toString() });
  };
}
