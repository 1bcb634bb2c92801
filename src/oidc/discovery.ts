import * as v from "valibot";
import { discoveryUrlFor, issuersMatch } from "./issuer.ts";

/** The fields of a provider's discovery document that login needs. */
export interface ProviderMetadata {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  userinfoEndpoint?: string;
  endSessionEndpoint?: string;
  /** Signature algorithms the provider may use for ID tokens, as published. */
  idTokenSigningAlgorithms: string[];
}

/** Discovery failed; the message is written for the operator and names the URL or values involved. */
export class DiscoveryError extends Error {}

const endpoint = v.pipe(v.string(), v.url("must be an absolute URL"));

const documentSchema = v.object({
  issuer: v.pipe(v.string(), v.minLength(1, "must not be empty")),
  authorization_endpoint: endpoint,
  token_endpoint: endpoint,
  jwks_uri: endpoint,
  userinfo_endpoint: v.optional(endpoint),
  end_session_endpoint: v.optional(endpoint),
  id_token_signing_alg_values_supported: v.optional(v.array(v.string()), ["RS256"]),
});

const timeoutMilliseconds = 5_000;

/**
 * Fetch and check `<issuer>/.well-known/openid-configuration`. The published issuer must
 * match the configured one, apart from a trailing slash; when it does not, the error names
 * both values so the operator can copy the right one into `issuer_url`.
 */
export async function fetchProviderMetadata(issuerUrl: string, fetchImpl: typeof fetch = fetch): Promise<ProviderMetadata> {
  const url = discoveryUrlFor(issuerUrl);
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(timeoutMilliseconds) });
  } catch (error) {
    throw new DiscoveryError(`cannot fetch ${url}: ${(error as Error).message}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new DiscoveryError(`${url} answered HTTP ${response.status}`);
  }

  let document: unknown;
  try {
    document = await response.json();
  } catch {
    throw new DiscoveryError(`${url} did not return JSON`);
  }
  const parsed = v.safeParse(documentSchema, document);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new DiscoveryError(`${url} is not a valid discovery document: ${v.getDotPath(issue) ?? "document"}: ${issue.message}`);
  }

  const fields = parsed.output;
  if (!issuersMatch(issuerUrl, fields.issuer)) {
    throw new DiscoveryError(`the discovery document at ${url} names the issuer ${fields.issuer}, but issuer_url is ${issuerUrl}; set issuer_url to the provider's issuer`);
  }
  return {
    issuer: fields.issuer,
    authorizationEndpoint: fields.authorization_endpoint,
    tokenEndpoint: fields.token_endpoint,
    jwksUri: fields.jwks_uri,
    userinfoEndpoint: fields.userinfo_endpoint,
    endSessionEndpoint: fields.end_session_endpoint,
    idTokenSigningAlgorithms: fields.id_token_signing_alg_values_supported,
  };
}
