import { createHash } from "node:crypto";
import type { Config } from "../config/index.ts";
import { queryOne, type Database } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { Clock } from "../http/env.ts";
import { invalidInput } from "../http/errors.ts";
import { enqueueMail } from "../mail/outbox.ts";
import { passwordResetMail } from "../accounts/mail-templates/password-reset.ts";
import { findCredentialsByEmail, replacePassword } from "./credentials.ts";
import { hashPassword } from "./password-hashing.ts";
import { assertPasswordAllowed } from "./password-policy.ts";

/**
 * Password reset by e-mail. The link carries 256 random bits; the database keeps only their
 * SHA-256, so a copy of the table resets nothing. A token works once, for 30 minutes, and
 * setting a password deletes the user's other tokens and ends every session.
 */
export const resetTokenValidMinutes = 30;

export interface PasswordResetDeps {
  db: Database;
  clock: Clock;
  config: Pick<Config, "auth" | "instanceName" | "frontendUrl">;
}

export function hashResetToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Queue a reset link for the account with this e-mail address, when it exists and has a
 * password. Accounts of an OpenID Connect provider get nothing. The caller responds the same
 * way in every case, so the request does not reveal whether an account exists.
 */
export async function requestPasswordReset(deps: PasswordResetDeps, email: string): Promise<void> {
  const user = await findCredentialsByEmail(deps.db, email);
  if (!user || user.passwordHash === null) return;

  const token = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
  const expiresAt = new Date(deps.clock.now().getTime() + resetTokenValidMinutes * 60_000);
  await deps.db.transaction(async (tx) => {
    await tx.query(sql`
      insert into password_reset_tokens (token_hash, user_id, created_at, expires_at)
      values (${hashResetToken(token)}, ${user.id}, ${deps.clock.now()}::timestamptz, ${expiresAt}::timestamptz)`);
    const mail = passwordResetMail(deps.config, { recipientName: user.name, token, validMinutes: resetTokenValidMinutes });
    await enqueueMail(tx, [{ recipientUserId: user.id, toAddress: user.email, ...mail }]);
  });
}

const invalidToken = () => invalidInput("token: the reset link is invalid, used or expired; request a new one", "token");

/** Find the user a usable (unused, unexpired) token belongs to; throws the 400 otherwise. */
export async function findUserOfResetToken(deps: PasswordResetDeps, token: string): Promise<{ id: string; name: string; email: string }> {
  const user = await queryOne<{ id: string; name: string; email: string }>(deps.db, sql`
    select u.id, u.name, u.email
    from password_reset_tokens t join users u on u.id = t.user_id
    where t.token_hash = ${hashResetToken(token)} and t.used_at is null and t.expires_at > ${deps.clock.now()}::timestamptz`);
  if (!user) throw invalidToken();
  return user;
}

/**
 * Set a new password with a reset token. The token is marked used by a conditional update in
 * the same transaction as the password, so of two concurrent uses only one succeeds. The
 * user's other tokens are deleted and the session epoch moves, ending every session.
 */
export async function confirmPasswordReset(deps: PasswordResetDeps, token: string, newPassword: string): Promise<void> {
  const user = await findUserOfResetToken(deps, token);
  assertPasswordAllowed(newPassword, "newPassword", { minLength: deps.config.auth.minPasswordLength, email: user.email, name: user.name });
  const newHash = await hashPassword(newPassword);
  const now = deps.clock.now();
  const tokenHash = hashResetToken(token);

  await deps.db.transaction(async (tx) => {
    const used = await tx.query(sql`
      update password_reset_tokens set used_at = ${now}::timestamptz
      where token_hash = ${tokenHash} and used_at is null and expires_at > ${now}::timestamptz
      returning user_id`);
    if (used.length === 0) throw invalidToken();
    await replacePassword(tx, user.id, newHash);
    await tx.query(sql`delete from password_reset_tokens where user_id = ${user.id} and token_hash <> ${tokenHash}`);
  });
}
