import type { Config } from "../config/index.ts";
import { queryOne, type Database, type Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { Clock } from "../http/env.ts";
import { notFound } from "../http/errors.ts";
import { enqueueMail } from "../mail/outbox.ts";
import { emailVerificationMail } from "../mail/templates/index.ts";

export const verificationCodeValidMinutes = 30;
/** Codes beyond this many per user are deleted, oldest first, when a new one is made. */
export const maxOutstandingCodes = 5;
/** After this many wrong codes for an address, all of its codes are deleted. */
export const maxFailedAttempts = 5;

const codeSpace = 90_000_000;
// The largest multiple of codeSpace below 2^32: values at or above it are drawn again, so that
// every code is equally likely.
const uniformLimit = Math.floor(2 ** 32 / codeSpace) * codeSpace;

/** Draw an 8-digit code from 10000000 to 99999999 (no leading zero) with a CSPRNG. */
export function newVerificationCode(): string {
  const buffer = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buffer);
    const value = buffer[0] as number;
    if (value < uniformLimit) return String(10_000_000 + (value % codeSpace));
  }
}

/**
 * Make a verification code for the user's current address and queue the e-mail with it, in the
 * caller's transaction (registration calls this inside its own). The status row of the address
 * is created if missing; an address that is already verified stays verified. Codes made for
 * earlier addresses and all but the newest five for this one are deleted. Returns the code.
 */
export async function requestEmailVerification(
  tx: Queryable,
  deps: { config: Pick<Config, "instanceName" | "frontendUrl">; clock: Clock },
  userId: string,
): Promise<{ code: string; validUntil: Date }> {
  // The row lock serialises concurrent requests of one user, so the limit on codes holds.
  const user = await queryOne<{ name: string; email: string }>(tx, sql`select name, email from users where id = ${userId} for update`);
  if (!user) throw notFound("User");

  const code = newVerificationCode();
  const validUntil = new Date(deps.clock.now().getTime() + verificationCodeValidMinutes * 60_000);
  await tx.query(sql`insert into email_verifications (user_id, email) values (${userId}, ${user.email}) on conflict do nothing`);
  await tx.query(sql`delete from email_verification_codes where user_id = ${userId} and email <> ${user.email}`);
  await tx.query(sql`
    insert into email_verification_codes (user_id, email, digit_code, valid_until)
    values (${userId}, ${user.email}, ${code}, ${validUntil}::timestamptz)
    on conflict (user_id, email, digit_code) do update set valid_until = excluded.valid_until`);
  await tx.query(sql`
    delete from email_verification_codes
    where user_id = ${userId} and digit_code not in (
      select digit_code from email_verification_codes
      where user_id = ${userId}
      order by valid_until desc, digit_code
      limit ${maxOutstandingCodes}
    )`);

  await enqueueMail(tx, [{
    recipientUserId: userId,
    toAddress: user.email,
    ...emailVerificationMail(deps.config, { recipientName: user.name, email: user.email, code, validMinutes: verificationCodeValidMinutes }),
  }]);
  return { code, validUntil };
}

/** Outcome of checking a code entered by a user. */
export type VerificationOutcome = "verified" | "invalid" | "expired" | "invalidated-all";

/**
 * Check a code against the user's current address. A correct, unexpired code marks the
 * address verified and deletes its codes. A wrong one counts as a failed attempt, and the
 * fifth deletes every code of the address (`invalidated-all`), so guessing needs new e-mails.
 * An expired code is deleted. The counter is committed whatever the outcome.
 */
export async function verifyEmail(db: Database, clock: Clock, userId: string, code: string): Promise<VerificationOutcome> {
  const now = clock.now();
  return db.transaction(async (tx) => {
    const status = await queryOne<{ email: string; failed_attempts: number }>(tx, sql`
      select ev.email, ev.failed_attempts from email_verifications ev
      join users u on u.id = ev.user_id and u.email = ev.email
      where ev.user_id = ${userId}
      for update of ev`);
    if (!status) return "invalid";

    const match = await queryOne<{ valid_until: Date }>(tx, sql`
      select valid_until from email_verification_codes
      where user_id = ${userId} and email = ${status.email} and digit_code = ${code}`);

    if (!match) {
      if (status.failed_attempts + 1 < maxFailedAttempts) {
        await tx.query(sql`update email_verifications set failed_attempts = failed_attempts + 1 where user_id = ${userId} and email = ${status.email}`);
        return "invalid";
      }
      await tx.query(sql`delete from email_verification_codes where user_id = ${userId} and email = ${status.email}`);
      await tx.query(sql`update email_verifications set failed_attempts = 0 where user_id = ${userId} and email = ${status.email}`);
      return "invalidated-all";
    }

    if (match.valid_until.getTime() <= now.getTime()) {
      await tx.query(sql`delete from email_verification_codes where user_id = ${userId} and email = ${status.email} and digit_code = ${code}`);
      return "expired";
    }

    await tx.query(sql`
      update email_verifications set verified_at = ${now}::timestamptz, failed_attempts = 0
      where user_id = ${userId} and email = ${status.email}`);
    await tx.query(sql`delete from email_verification_codes where user_id = ${userId} and email = ${status.email}`);
    return "verified";
  });
}
