import type { Queryable } from "../db/database.ts";
import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { notFound } from "../http/errors.ts";
import type { Clock } from "../http/env.ts";

/** Count the recipient's unacknowledged notifications, for the badge in the web app. */
export async function countUnreadNotifications(db: Queryable, recipientId: string): Promise<number> {
  const row = await queryOne<{ count: number }>(db, sql`
    select count(*)::int as count from notifications where recipient_id = ${recipientId} and acknowledged_at is null`);
  return row?.count ?? 0;
}

/**
 * Mark one of the recipient's notifications as read. Acknowledging it again keeps the time of
 * the first acknowledgement. Another user's notification is a 404, like an unknown one.
 */
export async function acknowledgeNotification(db: Queryable, clock: Clock, recipientId: string, notificationId: string): Promise<void> {
  const updated = await db.query(sql`
    update notifications set acknowledged_at = coalesce(acknowledged_at, ${clock.now()})
    where id = ${notificationId} and recipient_id = ${recipientId}
    returning id`);
  if (updated.length === 0) throw notFound("Notification");
}

/** Mark all of the recipient's unread notifications as read; returns how many there were. */
export async function acknowledgeAllNotifications(db: Queryable, clock: Clock, recipientId: string): Promise<number> {
  const row = await queryOne<{ count: number }>(db, sql`
    with acknowledged as (
      update notifications set acknowledged_at = ${clock.now()}
      where recipient_id = ${recipientId} and acknowledged_at is null
      returning 1
    )
    select count(*)::int as count from acknowledged`);
  return row?.count ?? 0;
}
