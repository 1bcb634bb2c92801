import { describe, expect, test } from "bun:test";
import type { Config } from "../config/index.ts";
import { providerConfig, testClient } from "./test-support.ts";
import { checkOidcWiring } from "./wiring-check.ts";

function configWith(providers: Config["auth"]["oidc"]["providers"], withBaseUrl = true): Pick<Config, "auth" | "baseUrl"> {
  return { baseUrl: withBaseUrl ? "https://api.stash.example" : undefined, auth: { oidc: { enabled: true, providers } } as Config["auth"] };
}

describe("OIDC wiring check", () => {
  test("sound configuration passes", () => {
    const report = checkOidcWiring(configWith([providerConfig("dex", "https://id.example/dex", testClient)]));

    expect(report).toEqual({ problems: [], warnings: [] });
  });

  test("duplicate names are a problem", () => {
    const report = checkOidcWiring(configWith([providerConfig("dex", "https://a.example", testClient), providerConfig("dex", "https://b.example", testClient)]));

    expect(report.problems).toEqual(['auth.oidc.providers[1].name: duplicate provider name "dex"; each provider needs its own name']);
  });

  test("unusable issuer URLs are problems", () => {
    const report = checkOidcWiring(
      configWith([providerConfig("a", "ftp://id.example", testClient), providerConfig("b", "https://id.example/?tenant=1", testClient), providerConfig("c", "not a url", testClient)]),
    );

    expect(report.problems).toEqual([
      'auth.oidc.providers[0].issuer_url: expected an http or https URL, got "ftp://id.example"',
      "auth.oidc.providers[1].issuer_url: an issuer URL has no query or fragment, got https://id.example/?tenant=1",
      'auth.oidc.providers[2].issuer_url: expected an http or https URL, got "not a url"',
    ]);
  });

  test("plain http off loopback is a warning", () => {
    const report = checkOidcWiring(configWith([providerConfig("lan", "http://dex.lan:5556/dex", testClient), providerConfig("local", "http://127.0.0.1:5556", testClient)]));

    expect(report.problems).toEqual([]);
    expect(report.warnings).toEqual(["auth.oidc.providers[0].issuer_url uses plain http (http://dex.lan:5556/dex); OpenID Connect requires https outside of tests"]);
  });

  test("missing baseUrl and openid scope are warnings", () => {
    const provider = { ...providerConfig("dex", "https://id.example", testClient), scopes: ["email"] };

    const report = checkOidcWiring(configWith([provider], false));

    expect(report.problems).toEqual([]);
    expect(report.warnings).toHaveLength(2);
    expect(report.warnings[0]).toContain("scopes does not contain openid");
    expect(report.warnings[1]).toStartWith("baseUrl is not set");
  });

  test("disabled OIDC is not checked", () => {
    const config = configWith([providerConfig("dex", "ftp://x", testClient)], false);
    config.auth.oidc.enabled = false;

    expect(checkOidcWiring(config)).toEqual({ problems: [], warnings: [] });
  });
});
