import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";

/** A queued message, claimed by one worker for the length of its lease. */
export interface ClaimedMail {
  id: string;
  recipientUserId: string | null;
  toAddress: string;
  subject: string;
  body: string;
  /** Delivery attempts including this one. */
  attempts: number;
}

/** Waits after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure is final. */
export const retryDelaysMs = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000] as const;

/**
 * Take up to `limit` due messages for this worker. The rows are locked with SKIP LOCKED and
 * moved `leaseMs` into the future in the same statement, so a concurrent worker on any
 * instance neither waits for them nor sees them as due. If this worker dies mid-send, the
 * messages become due again when the lease ends (and may then go out twice).
 */
export async function claimDueMail(db: Queryable, now: Date, limit: number, leaseMs: number): Promise<ClaimedMail[]> {
  return db.query<ClaimedMail>(sql`
    update mail_outbox
    set attempts = attempts + 1, next_attempt_at = ${new Date(now.getTime() + leaseMs)}::timestamptz
    where id in (
      select id from mail_outbox
      where sent_at is null and failed_at is null and next_attempt_at <= ${now}::timestamptz
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked
    )
    returning id::text as id, recipient_user_id as "recipientUserId", to_address as "toAddress", subject, body, attempts`);
}

export async function markMailSent(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query(sql`update mail_outbox set sent_at = ${now}::timestamptz, last_error = null where id = ${id}::bigint`);
}

/**
 * Record a failed attempt: schedule the next one after the delay for this attempt number, or
 * give up when the retries are used up or `permanent` is set. Returns when the next attempt is
 * due, or null when the message was given up.
 */
export async function markMailFailed(
  db: Queryable,
  mail: Pick<ClaimedMail, "id" | "attempts">,
  now: Date,
  error: string,
  permanent: boolean,
): Promise<Date | null> {
  const delay = permanent ? undefined : retryDelaysMs[mail.attempts - 1];
  if (delay === undefined) {
    await db.query(sql`update mail_outbox set failed_at = ${now}::timestamptz, last_error = ${error} where id = ${mail.id}::bigint`);
    return null;
  }
  const retryAt = new Date(now.getTime() + delay);
  await db.query(sql`update mail_outbox set next_attempt_at = ${retryAt}::timestamptz, last_error = ${error} where id = ${mail.id}::bigint`);
  return retryAt;
}
