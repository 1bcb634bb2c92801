import type { Context } from "hono";
import * as v from "valibot";
import { limits } from "../auth/limits.ts";
import { verifyPassword } from "../auth/password-hashing.ts";
import { byClientAddress, enforceRateLimit } from "../auth/rate-limit.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { AppError, conflict, invalidInput } from "../http/errors.ts";
import { readJsonBody } from "../http/validation.ts";
import { configuredProvider } from "./configured-provider.ts";
import { findAccountById, linkIdentity, markEmailVerified } from "./identity-queries.ts";
import { readLinkChallenge } from "./link-challenge.ts";
import { clearedLinkChallengeCookieHeader } from "./login-cookies.ts";
import type { ProviderDirectory } from "./provider-directory.ts";
import { cookieSettings, sessionCookiesFor } from "./session.ts";

export const linkBodySchema = v.object({
  password: v.pipe(v.string("must be a string"), v.minLength(1, "must not be empty"), v.maxLength(4096, "must be at most 4096 characters")),
  challengeToken: v.pipe(v.string("must be a string"), v.minLength(1, "must not be empty"), v.maxLength(4096, "must be at most 4096 characters")),
});

const expiredChallenge = () =>
  invalidInput("challengeToken: the link request is invalid or has expired; log in with the provider again", "challengeToken");

/**
 * `POST /api/auth/oidc/:name/link {password, challengeToken}`: prove ownership of the account
 * a provider login pointed at by entering its password, then link the provider identity to it
 * and log in. 200 with an empty body and the session cookies; a wrong password is a 401.
 */
export function linkHandler(deps: AppDeps, directory: ProviderDirectory) {
  const perAddress = byClientAddress(deps);
  return async (c: Context<AppEnv>) => {
    // The endpoint checks passwords, so it is limited like password login.
    await enforceRateLimit(deps, limits.oidcLinkPerAddress, perAddress(c));
    const config = configuredProvider(c, directory);
    const body = await readJsonBody(c, linkBodySchema);
    const now = deps.clock.now();
    const challenge = await readLinkChallenge(deps.signingKey, body.challengeToken, now);
    if (!challenge || challenge.provider !== config.name) throw expiredChallenge();

    const account = await findAccountById(deps.db, challenge.userId);
    if (!account || account.email.toLowerCase() !== challenge.email.toLowerCase() || !account.password_hash) throw expiredChallenge();
    await enforceRateLimit(deps, limits.oidcLinkPerAccount, account.id);
    if (!(await verifyPassword(body.password, account.password_hash)).valid) throw new AppError("unauthenticated", "wrong password for the account with this e-mail address");

    const identity = { provider: config.name, subject: challenge.subject };
    const outcome = await deps.db.transaction(async (tx) => {
      const linked = await linkIdentity(tx, account.id, identity, challenge.email);
      if (linked !== "linked-to-another-account") await markEmailVerified(tx, account.id, account.email, now);
      return linked;
    });
    if (outcome === "linked-to-another-account") throw conflict(`this ${config.display_name} login is already linked to another account`);

    c.get("log").info("OIDC identity linked", { provider: config.name, userId: account.id, outcome });
    for (const cookie of await sessionCookiesFor(deps, account)) c.header("Set-Cookie", cookie, { append: true });
    c.header("Set-Cookie", clearedLinkChallengeCookieHeader(cookieSettings(deps.config)), { append: true });
    return c.body(null, 200);
  };
}
