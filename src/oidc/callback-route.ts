import type { Context } from "hono";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { callbackUrlFor } from "./callback-url.ts";
import { exchangeCode } from "./code-exchange.ts";
import { configuredProvider } from "./configured-provider.ts";
import { verifyIdToken } from "./id-token.ts";
import { issuersMatch } from "./issuer.ts";
import { issueLinkChallenge } from "./link-challenge.ts";
import { clearedLoginAttemptCookieHeaders, linkChallengeCookieHeader, readLoginAttempt, type LoginAttempt } from "./login-cookies.ts";
import { LoginFailure } from "./login-failure.ts";
import { readProviderIdentity } from "./provider-identity.ts";
import { ProviderUnavailableError, type ProviderDirectory } from "./provider-directory.ts";
import { webAppAddress } from "./return-address.ts";
import { sameSecret } from "./same-secret.ts";
import { cookieSettings, sessionCookiesFor } from "./session.ts";
import { decideSignIn } from "./sign-in.ts";

/**
 * `GET /api/auth/oidc/:name/callback?code&state`: finish the login the provider sent back.
 * Every outcome is a 302 to the web app, with `status=success`, `action=link_required` or
 * `error=…&error_description=…` in the query, and every outcome clears the attempt's cookies,
 * so a second callback with the same state fails.
 */
export function callbackHandler(deps: AppDeps, directory: ProviderDirectory) {
  return async (c: Context<AppEnv>) => {
    const config = configuredProvider(c, directory);
    const attempt = readLoginAttempt(c.req.header("cookie"));
    for (const cookie of clearedLoginAttemptCookieHeaders(deps.config.secureCookies)) c.header("Set-Cookie", cookie, { append: true });
    c.header("Cache-Control", "no-store");
    const finish = (parameters: Record<string, string>) => c.redirect(webAppAddress(deps.config, attempt.returnAddress, parameters), 302);
    const log = c.get("log");

    let outcome: Record<string, string>;
    try {
      outcome = await finishLogin(c, deps, directory, config.name, attempt);
    } catch (error) {
      if (!(error instanceof LoginFailure)) {
        log.error("OIDC login failed unexpectedly", { provider: config.name, error: error as Error });
        return finish({ error: "server_error", error_description: "The login could not be completed because of a server error. Please try again." });
      }
      log.warn("OIDC login failed", { provider: config.name, error: error.error, detail: error.detail });
      return finish({ error: error.error, error_description: error.description });
    }
    return finish(outcome);
  };
}

async function finishLogin(c: Context<AppEnv>, deps: AppDeps, directory: ProviderDirectory, name: string, attempt: Partial<LoginAttempt>): Promise<Record<string, string>> {
  const query = c.req.query();
  if (!attempt.state || !attempt.nonce || !attempt.codeVerifier || !query.state || !sameSecret(query.state, attempt.state)) {
    throw new LoginFailure(
      "invalid_state",
      "This login was started in another browser, took longer than 10 minutes or was already used. Please start again.",
      attempt.state ? "state parameter does not match the oidc-state cookie" : "no login attempt cookies",
    );
  }
  if (query.error) {
    const error = /^[\w.-]{1,64}$/.test(query.error) ? query.error : "provider_error";
    const description = (query.error_description ?? "The login provider ended the login.").slice(0, 300);
    throw new LoginFailure(error, description, `provider returned ${query.error}`);
  }
  if (!query.code) throw new LoginFailure("login_failed", "The login provider sent no authorization code. Please start again.", "callback without code");

  let provider;
  try {
    provider = await directory.discovered(name);
  } catch (error) {
    if (!(error instanceof ProviderUnavailableError)) throw error;
    throw new LoginFailure("provider_unavailable", "The login provider cannot be reached. Please try again later.", error.message);
  }
  // RFC 9207: a provider that names itself in the response must be the one we asked.
  if (query.iss !== undefined && !issuersMatch(provider.metadata.issuer, query.iss)) {
    throw new LoginFailure("login_failed", "The response came from a different login provider. Please start again.", `iss parameter ${query.iss} is not ${provider.metadata.issuer}`);
  }

  const now = deps.clock.now();
  const tokens = await exchangeCode(provider, callbackUrlFor(c, deps.config, name), query.code, attempt.codeVerifier);
  const claims = await verifyIdToken(provider, tokens.idToken, { nonce: attempt.nonce, now });
  const identity = await readProviderIdentity(provider, claims, tokens.accessToken, c.get("log"));
  const outcome = await decideSignIn(deps.db, identity, now);
  const log = c.get("log");

  switch (outcome.kind) {
    case "signed-in":
      log.info("OIDC login", { provider: name, userId: outcome.account.id, created: outcome.created });
      for (const cookie of await sessionCookiesFor(deps, outcome.account)) c.header("Set-Cookie", cookie, { append: true });
      return { status: "success" };
    case "link-required": {
      log.info("OIDC login needs the account password to link", { provider: name, userId: outcome.account.id });
      const token = await issueLinkChallenge(deps.signingKey, { userId: outcome.account.id, email: outcome.email, provider: name, subject: identity.subject }, now);
      c.header("Set-Cookie", linkChallengeCookieHeader(token, cookieSettings(deps.config)), { append: true });
      return { action: "link_required", email: outcome.email, provider: name };
    }
    case "refused":
      throw new LoginFailure(outcome.error, outcome.description, `${outcome.error} for subject ${identity.subject}`);
  }
}
