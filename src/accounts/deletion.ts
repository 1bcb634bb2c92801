import type { Config } from "../config/index.ts";
import { queryOne, type Database } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { Clock } from "../http/env.ts";
import { AppError, invalidInput, notFound } from "../http/errors.ts";
import { verifyPassword } from "../auth/password-hashing.ts";
import { enqueueMail } from "../mail/outbox.ts";
import { deletionScheduledMail } from "../mail/templates/index.ts";

/** Proof that the request comes from the account holder: the password, or the address for accounts without one. */
export interface DeletionConfirmation {
  password?: string;
  /** For accounts that sign in only through OpenID Connect: their own e-mail address. */
  confirmation?: string;
}

type DeletionDeps = { db: Database; clock: Clock; config: Pick<Config, "instanceName" | "frontendUrl" | "userDeletion"> };

async function checkConfirmation(user: { email: string; password_hash: string | null }, input: DeletionConfirmation): Promise<void> {
  if (user.password_hash === null) {
    const given = input.confirmation?.trim().toLowerCase();
    if (!given) throw invalidInput("confirmation: this account has no password; send your e-mail address as confirmation", "confirmation");
    if (given !== user.email.toLowerCase()) throw invalidInput("confirmation: does not match your e-mail address", "confirmation");
    return;
  }
  if (!input.password) throw invalidInput("password: is required", "password");
  let matches = false;
  try {
    // verifyPassword compares bcrypt hashes of the original on the first 72 bytes, as Go did.
    matches = (await verifyPassword(input.password, user.password_hash)).valid;
  } catch {
    // A hash in a format Bun cannot read never matches; the account needs a password reset.
    matches = false;
  }
  if (!matches) throw invalidInput("Incorrect password", "password");
}

/**
 * Schedule the caller's account for purging after `userDeletion.gracePeriodMinutes` and queue
 * the "deletion scheduled" e-mail in the same transaction. Asking again while a deletion is
 * scheduled changes nothing and sends no second e-mail. Sessions stay valid, so the user can
 * still sign in and cancel. Returns the purge time.
 */
export async function scheduleDeletion(deps: DeletionDeps, userId: string, input: DeletionConfirmation): Promise<Date> {
  const user = await queryOne<{ email: string; password_hash: string | null; purge_at: Date | null }>(
    deps.db,
    sql`select email, password_hash, purge_at from users where id = ${userId}`,
  );
  if (!user) throw notFound("User");
  // Checked outside the transaction: hashing takes long enough that a row lock should not wait for it.
  await checkConfirmation(user, input);

  const purgeAt = new Date(deps.clock.now().getTime() + deps.config.userDeletion.gracePeriodMinutes * 60_000);
  return deps.db.transaction(async (tx) => {
    const scheduled = await queryOne<{ name: string; email: string }>(tx, sql`
      update users set purge_at = ${purgeAt}::timestamptz
      where id = ${userId} and purge_at is null
      returning name, email`);
    if (!scheduled) {
      const current = await queryOne<{ purge_at: Date | null }>(tx, sql`select purge_at from users where id = ${userId}`);
      if (!current?.purge_at) throw notFound("User");
      return current.purge_at;
    }
    await enqueueMail(tx, [{
      recipientUserId: userId,
      toAddress: scheduled.email,
      ...deletionScheduledMail(deps.config, { recipientName: scheduled.name, purgeAt }),
    }]);
    return purgeAt;
  });
}

/** Cancel a scheduled deletion; 404 when none is scheduled. */
export async function cancelDeletion(db: Database, userId: string): Promise<void> {
  const rows = await db.query(sql`update users set purge_at = null where id = ${userId} and purge_at is not null returning id`);
  if (rows.length === 0) throw new AppError("not_found", "scheduled deletion not found");
}
