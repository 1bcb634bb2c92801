import type { JWTPayload } from "jose";
import type { Logger } from "../log/logger.ts";
import type { DiscoveredProvider } from "./provider-directory.ts";
import type { ProviderIdentity } from "./sign-in.ts";

const userinfoTimeoutMilliseconds = 5_000;

/**
 * Read the e-mail address, its verification and the name from the verified ID token. Providers
 * that follow OpenID Connect Core strictly put profile claims only into the UserInfo response
 * when an access token is issued, so when the token lacks the address or its verification,
 * UserInfo is asked as well (its `sub` must be the token's). ID token claims win over UserInfo.
 */
export async function readProviderIdentity(
  provider: DiscoveredProvider,
  idTokenClaims: JWTPayload & { sub: string },
  accessToken: string | undefined,
  log: Logger,
): Promise<ProviderIdentity> {
  const { email_claim: emailClaim, name_claim: nameClaim, name } = provider.config;
  let claims: Record<string, unknown> = idTokenClaims;
  if ((claims[emailClaim] === undefined || claims.email_verified === undefined) && accessToken && provider.metadata.userinfoEndpoint) {
    const userinfo = await fetchUserinfo(provider.metadata.userinfoEndpoint, accessToken, log, name);
    if (userinfo && userinfo.sub === idTokenClaims.sub) claims = { ...userinfo, ...idTokenClaims };
  }

  const email = claims[emailClaim];
  const displayName = claims[nameClaim];
  return {
    provider: name,
    subject: idTokenClaims.sub,
    email: typeof email === "string" && email !== "" ? email : undefined,
    // Some providers send the boolean as a string.
    emailVerified: claims.email_verified === true || claims.email_verified === "true",
    name: typeof displayName === "string" ? displayName : undefined,
  };
}

async function fetchUserinfo(endpoint: string, accessToken: string, log: Logger, provider: string): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetch(endpoint, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" },
      signal: AbortSignal.timeout(userinfoTimeoutMilliseconds),
    });
    const contentType = response.headers.get("content-type") ?? "";
    if (!response.ok || !contentType.includes("json")) {
      await response.body?.cancel();
      // NOTE: signed or encrypted UserInfo responses (application/jwt) are not read; such a
      // provider must put the e-mail claims into the ID token.
      log.warn("OIDC UserInfo request gave no JSON claims", { provider, status: response.status, contentType });
      return undefined;
    }
    const body: unknown = await response.json();
    return body && typeof body === "object" ? (body as Record<string, unknown>) : undefined;
  } catch (error) {
    log.warn("OIDC UserInfo request failed", { provider, error: error as Error });
    return undefined;
  }
}
