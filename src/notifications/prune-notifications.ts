import type { Queryable } from "../db/database.ts";
import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { Clock } from "../http/env.ts";

/** Age in days after which acknowledged notifications are deleted. */
export const notificationRetentionDays = 180;

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Delete acknowledged notifications created more than `retentionDays` ago, for a periodic
 * job; returns how many were deleted. Unread notifications are kept however old they are.
 */
export async function pruneNotifications(db: Queryable, clock: Clock, retentionDays = notificationRetentionDays): Promise<number> {
  const cutoff = new Date(clock.now().getTime() - retentionDays * dayMs);
  const row = await queryOne<{ count: number }>(db, sql`
    with pruned as (
      delete from notifications where acknowledged_at is not null and created_at < ${cutoff}
      returning 1
    )
    select count(*)::int as count from pruned`);
  return row?.count ?? 0;
}
