/**
 * Issuer identifiers are compared exactly by the OpenID Connect specifications, but operators
 * copy them from dashboards that drop or add a trailing slash (Auth0 publishes its issuer with
 * one). A difference of trailing slashes alone is tolerated; anything else is a mismatch.
 */
export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

export function issuersMatch(configured: string, published: string): boolean {
  return withoutTrailingSlash(configured) === withoutTrailingSlash(published);
}

/** Both spellings of an issuer, so an ID token signed with either form is accepted. */
export function issuerSpellings(issuer: string): string[] {
  const bare = withoutTrailingSlash(issuer);
  return [bare, `${bare}/`];
}

/** Where an issuer publishes its discovery document (OpenID Connect Discovery 1.0, section 4). */
export function discoveryUrlFor(issuer: string): string {
  return `${withoutTrailingSlash(issuer)}/.well-known/openid-configuration`;
}
