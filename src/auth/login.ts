import type { Database } from "../db/database.ts";
import { findCredentialsByEmail, upgradePasswordHash, type Credentials } from "./credentials.ts";
import { hashPassword, verifyDummyPassword, verifyPassword } from "./password-hashing.ts";

export type LoginOutcome =
  | { ok: true; user: Credentials }
  | { ok: false; reason: "wrong-credentials" | "no-password"; userId?: string };

/**
 * Check an e-mail address and password. Every path verifies one hash, a dummy one when the
 * address is unknown or the account has no password, so a failed login takes about as long
 * whether or not the account exists. A bcrypt or weak argon2id hash that matches is replaced
 * by a current argon2id hash.
 */
export async function checkLogin(db: Database, email: string, password: string): Promise<LoginOutcome> {
  const user = await findCredentialsByEmail(db, email);
  if (!user || user.passwordHash === null) {
    await verifyDummyPassword(password);
    return user ? { ok: false, reason: "no-password", userId: user.id } : { ok: false, reason: "wrong-credentials" };
  }

  const check = await verifyPassword(password, user.passwordHash);
  if (!check.valid) return { ok: false, reason: "wrong-credentials", userId: user.id };
  if (check.needsRehash) await upgradePasswordHash(db, user.id, user.passwordHash, await hashPassword(password));
  return { ok: true, user };
}
