import { ArcticFetchError, OAuth2Client, OAuth2RequestError, UnexpectedErrorResponseBodyError, UnexpectedResponseError } from "arctic";
import { LoginFailure } from "./login-failure.ts";
import type { DiscoveredProvider } from "./provider-directory.ts";

export interface ProviderTokens {
  idToken: string;
  accessToken?: string;
}

const exchangeTimeoutMilliseconds = 10_000;

/**
 * Redeem the authorization code at the token endpoint with the PKCE verifier. A provider
 * rejects a code it has seen before, so a replayed callback fails here even when it carries
 * valid cookies.
 */
export async function exchangeCode(provider: DiscoveredProvider, redirectUri: string, code: string, codeVerifier: string): Promise<ProviderTokens> {
  const { config, metadata } = provider;
  // NOTE: arctic 3.7 sends the client id and secret in HTTP Basic authentication without the
  // form encoding that RFC 6749 requires, so a secret containing % or + can fail at providers
  // that decode it.
  const client = new OAuth2Client(config.client_id, config.client_secret || null, redirectUri);

  // arctic's request takes no abort signal, so a provider that never responds is cut off here.
  // NOTE: the abandoned request keeps its connection open until the provider or Bun closes it.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LoginFailure("provider_unavailable", "The login provider did not answer in time. Please try again.", "token endpoint timed out")), exchangeTimeoutMilliseconds);
  });
  let tokens;
  try {
    tokens = await Promise.race([client.validateAuthorizationCode(metadata.tokenEndpoint, code, codeVerifier), timeout]);
  } catch (error) {
    throw asLoginFailure(error);
  } finally {
    clearTimeout(timer);
  }

  const data = tokens.data as Record<string, unknown>;
  if (typeof data.id_token !== "string") {
    throw new LoginFailure("login_failed", "The login provider did not identify you. Check that it allows the openid scope.", "token response has no id_token");
  }
  return { idToken: data.id_token, accessToken: typeof data.access_token === "string" ? data.access_token : undefined };
}

function asLoginFailure(error: unknown): unknown {
  const rejected = "The login provider rejected the login. Please start again.";
  if (error instanceof LoginFailure) return error;
  if (error instanceof OAuth2RequestError) {
    return new LoginFailure("login_failed", rejected, `token endpoint returned ${error.code}${error.description ? `: ${error.description}` : ""}`);
  }
  if (error instanceof ArcticFetchError) {
    return new LoginFailure("provider_unavailable", "The login provider cannot be reached. Please try again later.", `token endpoint unreachable: ${String((error.cause as Error | undefined)?.message ?? error.message)}`);
  }
  if (error instanceof UnexpectedResponseError || error instanceof UnexpectedErrorResponseBodyError) {
    return new LoginFailure("login_failed", rejected, `token endpoint answered HTTP ${error.status} with an unexpected body`);
  }
  return error;
}
