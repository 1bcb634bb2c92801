import type { Database } from "../db/database.ts";
import { findCredentialsByEmail, replacePassword } from "./credentials.ts";
import { hashPassword } from "./password-hashing.ts";
import { findPasswordProblem } from "./password-policy.ts";

export type AdministratorResetOutcome =
  | { outcome: "reset"; user: { id: string; name: string; email: string } }
  | { outcome: "not-found" }
  | { outcome: "rejected"; problem: string };

/**
 * Set a user's password on an operator's behalf (`stashsphere resetpassword`). The account is
 * found by e-mail regardless of case. The policy applies unless `force` is set. Every session
 * of the user ends, as after any password change.
 */
export async function resetPasswordAsAdministrator(
  db: Database,
  email: string,
  password: string,
  options: { minPasswordLength: number; force: boolean },
): Promise<AdministratorResetOutcome> {
  const user = await findCredentialsByEmail(db, email);
  if (!user) return { outcome: "not-found" };
  if (!options.force) {
    const problem = findPasswordProblem(password, { minLength: options.minPasswordLength, email: user.email, name: user.name });
    if (problem) return { outcome: "rejected", problem };
  }
  const hash = await hashPassword(password);
  await db.transaction((tx) => replacePassword(tx, user.id, hash));
  return { outcome: "reset", user: { id: user.id, name: user.name, email: user.email } };
}

// The alphabet of the original's generated passwords: 70 symbols, about 6.1 bits each.
const passwordAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*";

/** Generate a password of `length` characters from a CSPRNG; 24 characters carry about 147 bits. */
export function generatePassword(length = 24): string {
  // Bytes of 210 or more are drawn again: 210 is the largest multiple of 70 below 256, so
  // every symbol stays equally likely.
  const limit = Math.floor(256 / passwordAlphabet.length) * passwordAlphabet.length;
  let password = "";
  while (password.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && password.length < length) password += passwordAlphabet[byte % passwordAlphabet.length];
    }
  }
  return password;
}
