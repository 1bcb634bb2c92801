import type { Context } from "hono";
import * as v from "valibot";
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

const linkBodySchema = v.object({
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
  return async (c: Context<AppEnv>) => {
    const config = configuredProvider(c, directory);
    const body = await readJsonBody(c, linkBodySchema);
    // NOTE: not rate-limited yet, although this endpoint checks passwords and so is a password
    // oracle. It needs the limits of password login, per client address and per account.
    const now = deps.clock.now();
    const challenge = await readLinkChallenge(deps.signingKey, body.challengeToken, now);
    if (!challenge || challenge.provider !== config.name) throw expiredChallenge();

    const account = await findAccountById(deps.db, challenge.userId);
    if (!account || account.email.toLowerCase() !== challenge.email.toLowerCase() || !account.password_hash) throw expiredChallenge();
    if (!(await passwordMatches(body.password, account.password_hash))) throw new AppError("unauthenticated", "wrong password for the account with this e-mail address");

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

const bcryptPrefix = /^\$2[aby]\$\d\d\$/;
const bcryptKeyBytes = 72;

/**
 * Compare with the account's hash, argon2id or bcrypt. bcrypt only uses the first 72 bytes of a
 * password, and Bun 1.4.5 pre-hashes longer inputs with SHA-512 instead, which never matches a
 * hash made by the original Go server, so bcrypt inputs are cut to 72 bytes first.
 *
 * NOTE: integration point. Password login gets a shared `verifyPassword` in src/auth/ with the
 * same rules; call that here once it exists, so both paths check passwords one way.
 */
async function passwordMatches(password: string, hash: string): Promise<boolean> {
  const input = bcryptPrefix.test(hash) ? new TextEncoder().encode(password).subarray(0, bcryptKeyBytes) : password;
  try {
    return await Bun.password.verify(input, hash);
  } catch {
    // An unknown hash format never matches.
    return false;
  }
}
