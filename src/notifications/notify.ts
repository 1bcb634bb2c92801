import type { Queryable } from "../db/database.ts";
import { newId } from "../db/ids.ts";
import { sql, type SqlFragment } from "../db/sql.ts";
import { enqueueMail, type OutgoingMail } from "../mail/outbox.ts";

/** The notification kinds and their JSON content, exactly as the original stores them. */
export type NotificationPayload =
  | { contentType: "FRIEND_REQUEST"; content: { requestId: string; senderId: string } }
  | { contentType: "FRIEND_REQUEST_REACTION"; content: { requestId: string; accepted: boolean } }
  | { contentType: "THING_SHARED"; content: { thingId: string; sharerId: string } }
  | { contentType: "LIST_SHARED"; content: { listId: string; sharerId: string } }
  | { contentType: "THINGS_ADDED_TO_LIST"; content: { listId: string; addedById: string } };

export interface NotifiedUser {
  id: string;
  name: string;
  email: string;
}

export interface NotifyOptions {
  /**
   * The audience: a list of user ids, or a SQL `select` whose first column is a user id (e.g.
   * the owner's friends), so an audience of thousands never leaves the database.
   */
  recipients: readonly string[] | SqlFragment;
  /** The user whose action caused this; never notified about their own action. */
  actorId: string;
  payload: NotificationPayload;
  /** Render the e-mail for one recipient; omit for notifications without mail. */
  mail?: (recipient: NotifiedUser) => { subject: string; body: string };
}

/**
 * Create one notification per recipient in the caller's transaction, so it exists exactly
 * when the change that caused it does. Recipients are deduplicated and the actor is left out.
 * E-mail is queued in the same transaction and sent after commit. Returns who was notified.
 */
export async function notify(tx: Queryable, options: NotifyOptions): Promise<NotifiedUser[]> {
  const audience = Array.isArray(options.recipients)
    ? sql`select unnest(${[...options.recipients]}::text[])`
    : (options.recipients as SqlFragment);

  const recipients = await tx.query<NotifiedUser>(sql`
    select u.id, u.name, u.email from users u
    where u.id in (${audience}) and u.id <> ${options.actorId}
    order by u.id`);
  if (recipients.length === 0) return [];

  // The JSON text goes in as text and is cast in SQL: postgres.js JSON-encodes a parameter
  // whose type the server reports as jsonb once more, which would store a JSON string instead of an object.
  await tx.query(sql`
    insert into notifications (id, recipient_id, content_type, content)
    select id, recipient_id, ${options.payload.contentType}, ${JSON.stringify(options.payload.content)}::text::jsonb
    from unnest(${recipients.map(() => newId())}::text[], ${recipients.map((recipient) => recipient.id)}::text[]) as n (id, recipient_id)`);

  if (options.mail) {
    const render = options.mail;
    const messages: OutgoingMail[] = recipients.map((recipient) => ({
      recipientUserId: recipient.id,
      toAddress: recipient.email,
      ...render(recipient),
    }));
    await enqueueMail(tx, messages);
  }
  return recipients;
}
