import type { Database } from "../db/database.ts";
import { sqlState } from "../http/database-errors.ts";
import {
  createAccountWithIdentity,
  findAccountByEmail,
  findAccountByIdentity,
  recordIdentityEmail,
  type AccountRow,
  type IdentityKey,
} from "./identity-queries.ts";

/** Claims the provider reported about the person, read after the ID token was verified. */
export interface ProviderIdentity extends IdentityKey {
  email?: string;
  emailVerified: boolean;
  name?: string;
}

export type SignInRefusal = "email_missing" | "email_not_verified" | "email_invalid" | "account_without_password";

export type SignInOutcome =
  | { kind: "signed-in"; account: AccountRow; created: boolean }
  | { kind: "link-required"; account: AccountRow; email: string }
  | { kind: "refused"; error: SignInRefusal; description: string };

const maxColumnLength = 255;

/**
 * Decide what a verified provider login means:
 * - a known (provider, subject) signs in to its account, whatever address it reports now;
 * - otherwise the address must be present and verified by the provider, and then
 *   - no account has it (case-insensitively): a new account without a password is created,
 *     with no invite code, because the provider already decided who may log in;
 *   - an account with a password has it: its owner must enter that password to link;
 *   - an account without a password has it: refused, because nothing can prove ownership.
 * Two first logins racing for one address or identity meet a unique index; the loser runs
 * the decision again and finds the winner's rows.
 */
export async function decideSignIn(db: Database, identity: ProviderIdentity, now: Date): Promise<SignInOutcome> {
  try {
    return await decideOnce(db, identity, now);
  } catch (error) {
    if (sqlState(error) !== "23505") throw error;
    return decideOnce(db, identity, now);
  }
}

async function decideOnce(db: Database, identity: ProviderIdentity, now: Date): Promise<SignInOutcome> {
  const known = await findAccountByIdentity(db, identity);
  if (known) {
    if (identity.emailVerified) await recordIdentityEmail(db, identity, identity.email);
    return { kind: "signed-in", account: known, created: false };
  }

  const { email } = identity;
  if (email === undefined || email.trim() === "") {
    return { kind: "refused", error: "email_missing", description: "The login provider did not tell us your e-mail address. Allow access to it at the provider and try again." };
  }
  if (!identity.emailVerified) {
    return { kind: "refused", error: "email_not_verified", description: `The login provider has not verified the e-mail address ${email}. Verify it there and try again.` };
  }
  if (!isPlausibleEmail(email)) {
    return { kind: "refused", error: "email_invalid", description: "The e-mail address from the login provider cannot be used for an account here." };
  }

  const existing = await findAccountByEmail(db, email);
  if (existing?.password_hash) return { kind: "link-required", account: existing, email: existing.email };
  if (existing) {
    // A racing first login of this same identity may have committed its account and identity
    // between the identity lookup above and the address lookup: then it is ours to sign in to.
    const createdMeanwhile = await findAccountByIdentity(db, identity);
    if (createdMeanwhile) return { kind: "signed-in", account: createdMeanwhile, created: false };
    return {
      kind: "refused",
      error: "account_without_password",
      description: `An account with the e-mail address ${email} already exists and signs in through another login provider. Use that provider.`,
    };
  }

  const account = await db.transaction((tx) => createAccountWithIdentity(tx, { name: accountName(identity, email), email, identity, now }));
  return { kind: "signed-in", account, created: true };
}

function isPlausibleEmail(email: string): boolean {
  const at = email.lastIndexOf("@");
  return at > 0 && at < email.length - 1 && [...email].length <= maxColumnLength && !/\s/.test(email);
}

/** Pick the name claim, else the address's local part, cut to what the column holds. */
function accountName(identity: ProviderIdentity, email: string): string {
  const claimed = identity.name?.trim();
  const name = claimed ? claimed : email.slice(0, email.lastIndexOf("@"));
  return [...name].slice(0, maxColumnLength).join("");
}
