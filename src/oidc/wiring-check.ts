import type { Config } from "../config/index.ts";

export interface OidcWiringReport {
  /** Mistakes that stop `serve`. */
  problems: string[];
  warnings: string[];
}

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Check the OIDC settings once more where they meet the rest of the server. The configuration
 * loader already checked each field; this looks at combinations: duplicate names, issuer URLs
 * that discovery cannot use, and a missing `baseUrl`.
 */
export function checkOidcWiring(config: Pick<Config, "auth" | "baseUrl">): OidcWiringReport {
  const report: OidcWiringReport = { problems: [], warnings: [] };
  const { enabled, providers } = config.auth.oidc;
  if (!enabled || providers.length === 0) return report;

  const seen = new Set<string>();
  for (const [index, provider] of providers.entries()) {
    const key = `auth.oidc.providers[${index}]`;
    if (seen.has(provider.name)) report.problems.push(`${key}.name: duplicate provider name ${JSON.stringify(provider.name)}; each provider needs its own name`);
    seen.add(provider.name);

    const issuer = URL.canParse(provider.issuer_url) ? new URL(provider.issuer_url) : undefined;
    if (!issuer || (issuer.protocol !== "https:" && issuer.protocol !== "http:")) {
      report.problems.push(`${key}.issuer_url: expected an http or https URL, got ${JSON.stringify(provider.issuer_url)}`);
      continue;
    }
    if (issuer.search || issuer.hash) {
      report.problems.push(`${key}.issuer_url: an issuer URL has no query or fragment, got ${provider.issuer_url}`);
    }
    if (issuer.protocol === "http:" && !loopbackHosts.has(issuer.hostname)) {
      report.warnings.push(`${key}.issuer_url uses plain http (${provider.issuer_url}); OpenID Connect requires https outside of tests`);
    }
    if (!provider.scopes.includes("openid")) {
      report.warnings.push(`${key}.scopes does not contain openid; it is requested anyway, because login needs an ID token`);
    }
  }

  if (config.baseUrl === undefined) {
    report.warnings.push(
      "baseUrl is not set, so OIDC callback URLs are built from each request's Host header over plain http; set baseUrl to the API's public URL when a reverse proxy or TLS is in front of the server",
    );
  }
  return report;
}
