import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { noteMailQueued } from "./wake.ts";

export interface OutgoingMail {
  /** The account the message is about, for logs; null for mail to an address without an account. */
  recipientUserId: string | null;
  toAddress: string;
  subject: string;
  body: string;
}

/**
 * Queue messages in the caller's transaction. They are delivered by the mail sender after the
 * transaction commits (and never if it rolls back), with retries, so a slow or broken mail
 * server neither delays nor fails the request. HTTP requests wake the sender once their response
 * is ready; other callers call `wakeMailWorker()` after their commit.
 */
export async function enqueueMail(tx: Queryable, messages: readonly OutgoingMail[]): Promise<void> {
  if (messages.length === 0) return;
  await tx.query(sql`
    insert into mail_outbox (recipient_user_id, to_address, subject, body)
    select * from unnest(
      ${messages.map((message) => message.recipientUserId)}::text[],
      ${messages.map((message) => message.toAddress)}::text[],
      ${messages.map((message) => message.subject)}::text[],
      ${messages.map((message) => message.body)}::text[]
    )`);
  noteMailQueued();
}
