import { CodeChallengeMethod, generateCodeVerifier, generateState, OAuth2Client } from "arctic";
import type { Context } from "hono";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { AppError } from "../http/errors.ts";
import { callbackUrlFor } from "./callback-url.ts";
import { loginAttemptCookieHeaders } from "./login-cookies.ts";
import { configuredProvider } from "./configured-provider.ts";
import { ProviderUnavailableError, type DiscoveredProvider, type ProviderDirectory } from "./provider-directory.ts";
import { acceptReturnAddress } from "./return-address.ts";

/**
 * `GET /api/auth/oidc/:name/authorize[?redirect_to=<url>]`: start an authorization code flow
 * with PKCE (S256), `state` and `nonce`, remember them in short-lived cookies and send the
 * browser to the provider.
 */
export function authorizeHandler(deps: AppDeps, directory: ProviderDirectory) {
  return async (c: Context<AppEnv>) => {
    const config = configuredProvider(c, directory);
    const provider = await discoveredOrUnavailable(directory, config.name);

    const state = generateState();
    const nonce = generateState();
    const codeVerifier = generateCodeVerifier();
    const client = new OAuth2Client(config.client_id, config.client_secret || null, callbackUrlFor(c, deps.config, config.name));
    const scopes = config.scopes.includes("openid") ? config.scopes : ["openid", ...config.scopes];
    const url = client.createAuthorizationURLWithPKCE(provider.metadata.authorizationEndpoint, state, CodeChallengeMethod.S256, codeVerifier, scopes);
    url.searchParams.set("nonce", nonce);

    const returnAddress = acceptReturnAddress(c.req.query("redirect_to"), deps.config);
    for (const cookie of loginAttemptCookieHeaders({ state, nonce, codeVerifier, returnAddress }, deps.config.secureCookies)) {
      c.header("Set-Cookie", cookie, { append: true });
    }
    c.header("Cache-Control", "no-store");
    return c.redirect(url.toString(), 302);
  };
}

export async function discoveredOrUnavailable(directory: ProviderDirectory, name: string): Promise<DiscoveredProvider> {
  try {
    return await directory.discovered(name);
  } catch (error) {
    if (error instanceof ProviderUnavailableError) throw new AppError("service_unavailable", error.message, { retryAfterSeconds: 30 });
    throw error;
  }
}
