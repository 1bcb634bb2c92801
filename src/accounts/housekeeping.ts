import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";

const hour = 60 * 60_000;
const day = 24 * hour;

export interface HousekeepingCounts {
  verificationCodes: number;
  passwordResetTokens: number;
  mails: number;
}

/**
 * Delete records that can no longer be used. These are verification codes expired for more
 * than 24 hours, password reset tokens that were used or have expired, and mail queued more
 * than 30 days ago that was sent or given up on.
 */
export async function deleteExpiredRecords(tx: Queryable, now: Date): Promise<HousekeepingCounts> {
  const codes = await tx.query(sql`
    delete from email_verification_codes where valid_until < ${new Date(now.getTime() - day)}::timestamptz returning 1`);
  const tokens = await tx.query(sql`
    delete from password_reset_tokens where used_at is not null or expires_at <= ${now}::timestamptz returning 1`);
  const mails = await tx.query(sql`
    delete from mail_outbox
    where created_at < ${new Date(now.getTime() - 30 * day)}::timestamptz and (sent_at is not null or failed_at is not null)
    returning 1`);
  return { verificationCodes: codes.length, passwordResetTokens: tokens.length, mails: mails.length };
}
