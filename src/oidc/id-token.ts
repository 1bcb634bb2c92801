import { errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import { issuerSpellings } from "./issuer.ts";
import { LoginFailure } from "./login-failure.ts";
import type { DiscoveredProvider } from "./provider-directory.ts";
import { sameSecret } from "./same-secret.ts";

// Public-key algorithms only: HMAC-signed ID tokens would need the client secret as the key,
// and "none" is never acceptable.
const supportedAlgorithms = new Set(["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"]);

/**
 * An ID token is used seconds after it is issued, so one older than this (beyond the clock
 * leeway) is stale, and one issued further in the future than the leeway comes from a
 * provider whose clock is wrong.
 */
const maxIdTokenAgeSeconds = 300;

const failed = (detail: string) => new LoginFailure("login_failed", "The login provider's answer could not be verified. Please try again.", detail);

/**
 * Verify an ID token from the token endpoint: signature against the provider's published keys,
 * issuer (either spelling of a trailing slash), audience and authorized party, expiry and issue
 * time with the configured leeway, and the nonce of this login attempt.
 */
export async function verifyIdToken(provider: DiscoveredProvider, idToken: string, expected: { nonce: string; now: Date }): Promise<JWTPayload & { sub: string }> {
  const { config, metadata } = provider;
  const algorithms = metadata.idTokenSigningAlgorithms.filter((algorithm) => supportedAlgorithms.has(algorithm));
  if (algorithms.length === 0) {
    throw failed(`the provider signs ID tokens only with ${metadata.idTokenSigningAlgorithms.join(", ")}, none of which is a supported public-key algorithm`);
  }

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, provider.keys, {
      algorithms,
      issuer: issuerSpellings(metadata.issuer),
      audience: config.client_id,
      clockTolerance: config.clock_leeway_seconds,
      maxTokenAge: maxIdTokenAgeSeconds,
      currentDate: expected.now,
      requiredClaims: ["sub", "iat", "exp", "nonce"],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) throw failed(`ID token rejected: ${error.message}`);
    // Malformed tokens raise JOSE errors, so anything else comes from fetching the provider's keys.
    throw new LoginFailure("provider_unavailable", "The login provider cannot be reached. Please try again later.", `cannot fetch the provider's signing keys: ${(error as Error).message}`);
  }

  // With several audiences, the token must name us as the party it was issued to.
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== config.client_id) {
    throw failed(`ID token has several audiences and azp ${String(payload.azp)} is not the client id`);
  }
  if (typeof payload.nonce !== "string" || !sameSecret(payload.nonce, expected.nonce)) {
    throw failed("ID token nonce does not match this login attempt");
  }
  if (typeof payload.sub !== "string" || payload.sub === "" || payload.sub.length > 255) {
    throw failed("ID token subject is empty or longer than 255 characters");
  }
  return payload as JWTPayload & { sub: string };
}
