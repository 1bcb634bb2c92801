import type { Config } from "../config/index.ts";
import type { Database } from "../db/database.ts";
import { invalidInput, unauthenticated } from "../http/errors.ts";
import { findCredentialsById, replacePassword, type Credentials } from "./credentials.ts";
import { hashPassword, verifyPassword } from "./password-hashing.ts";
import { assertPasswordAllowed } from "./password-policy.ts";

export interface PasswordChangeDeps {
  db: Database;
  config: Pick<Config, "auth">;
}

/**
 * Replace the password of a signed-in user who proved the current one. Every session of the
 * user ends; the caller signs a new one for the device that made the change. Returns the
 * account with its new session epoch.
 */
export async function changePassword(deps: PasswordChangeDeps, userId: string, oldPassword: string, newPassword: string): Promise<Credentials> {
  const user = await findCredentialsById(deps.db, userId);
  if (!user) throw unauthenticated();
  if (user.passwordHash === null) {
    throw invalidInput("oldPassword: this account has no password; it signs in through its provider", "oldPassword");
  }
  const check = await verifyPassword(oldPassword, user.passwordHash);
  if (!check.valid) throw invalidInput("oldPassword: incorrect password", "oldPassword");
  assertPasswordAllowed(newPassword, "newPassword", { minLength: deps.config.auth.minPasswordLength, email: user.email, name: user.name });

  const newHash = await hashPassword(newPassword);
  const changed = await deps.db.transaction((tx) => replacePassword(tx, userId, newHash, user.passwordHash ?? undefined));
  // Nothing changed when another request replaced the password after it was checked above.
  if (!changed) throw invalidInput("oldPassword: incorrect password", "oldPassword");
  return changed;
}
