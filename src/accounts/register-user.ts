import { createHash, timingSafeEqual } from "node:crypto";
import type { Config } from "../config/index.ts";
import type { Database } from "../db/database.ts";
import type { Clock } from "../http/env.ts";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";
import { conflict, invalidInput } from "../http/errors.ts";
import { hashPassword } from "../auth/password-hashing.ts";
import { assertPasswordAllowed } from "../auth/password-policy.ts";
import { requestEmailVerification } from "./email-verification.ts";

export interface Registration {
  name: string;
  email: string;
  password: string;
  inviteCode?: string;
}

export interface RegistrationDeps {
  db: Database;
  clock: Clock;
  config: Pick<Config, "invites" | "auth" | "instanceName" | "frontendUrl">;
}

/** Check the invite code (when invites are enabled) and the password policy; throws a 400 naming the field. */
export function checkRegistration(config: RegistrationDeps["config"], registration: Registration): void {
  if (config.invites.enabled && !sameSecret(registration.inviteCode ?? "", config.invites.code)) {
    throw invalidInput("inviteCode: invalid invite code", "inviteCode");
  }
  assertPasswordAllowed(registration.password, "password", {
    minLength: config.auth.minPasswordLength,
    email: registration.email,
    name: registration.name,
  });
}

/**
 * Create a local account after `checkRegistration` and queue the e-mail with its verification
 * code. An e-mail address that exists in any letter case is a 409. Name and e-mail are stored
 * trimmed, the e-mail in the case it was typed. Returns the new user's id. The user is not
 * logged in: the client logs in afterwards.
 */
export async function registerUser(deps: RegistrationDeps, registration: Registration): Promise<string> {
  checkRegistration(deps.config, registration);

  const id = newId();
  const passwordHash = await hashPassword(registration.password);
  await deps.db.transaction(async (tx) => {
    // Both unique indexes (exact e-mail and lower(email)) count as a conflict here.
    const inserted = await tx.query(sql`
      insert into users (id, name, email, password_hash)
      values (${id}, ${registration.name}, ${registration.email}, ${passwordHash})
      on conflict do nothing
      returning id`);
    if (inserted.length === 0) throw conflict("email: an account with this e-mail address already exists", "email");
    // In the same transaction, so an account never exists without its verification code,
    // and the e-mail goes out only if the registration commits.
    await requestEmailVerification(tx, deps, id);
  });
  return id;
}

/** Compare two secrets in time that depends on neither's content nor length. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(expected)) && expected !== "";
}
