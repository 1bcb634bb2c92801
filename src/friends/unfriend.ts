import type { Database, Queryable } from "../db/database.ts";
import { sql, type SqlFragment } from "../db/sql.ts";
import { notFound } from "../http/errors.ts";
import { thingVisible, visibilityCtes } from "../shares/visibility.ts";

export interface Unfriended {
  /** Cart entries of the two users removed because their things are no longer visible. */
  cartEntriesRemoved: number;
}

/**
 * End the friendship between the viewer and `friendId`, whichever of the two stored it, and
 * in the same transaction remove the entries of both users' carts that they can no longer see.
 * Not friends: 404 `Friend not found`. Direct shares between the two stay, because each was a
 * deliberate act of its owner. The accepted request stays as history, and either of the two may
 * send a new request at once.
 *
 * Carts of third users are not re-checked here: a friend of one of the two who saw the other's
 * things as a friend of a friend keeps such entries until their next cart write. The cart
 * listing hides them meanwhile, because it filters by visibility.
 */
export async function unfriend(db: Database, viewerId: string, friendId: string): Promise<Unfriended> {
  return db.transaction(async (tx) => {
    // The expressions of the pair's unique index, so the delete finds the row through it.
    const deleted = await tx.query(sql`
      delete from friendships
      where least(friend1_id, friend2_id) = least(${viewerId}::text, ${friendId}::text)
        and greatest(friend1_id, friend2_id) = greatest(${viewerId}::text, ${friendId}::text)
      returning friend_request_id`);
    if (deleted.length === 0) throw notFound("Friend");

    const cartEntriesRemoved = await removeInvisibleCartEntries(tx, [viewerId, friendId]);
    return { cartEntriesRemoved };
  });
}

/**
 * Delete the cart entries of the given users whose things they can no longer see, in one
 * statement. Each user's check is a subquery with that user's own visibility CTEs, because
 * the CTE names are fixed and cannot appear twice in one WITH clause.
 */
export async function removeInvisibleCartEntries(tx: Queryable, userIds: readonly string[]): Promise<number> {
  if (userIds.length === 0) return 0;
  const staleEntriesOf = (userId: string): SqlFragment => sql`(
    with ${visibilityCtes(userId)}
    select c.user_id, c.thing_id
    from cart_entries c join things t on t.id = c.thing_id
    where c.user_id = ${userId} and not ${thingVisible(userId, "t")}
  )`;
  const removed = await tx.query(sql`
    delete from cart_entries entry
    using (${sql.join(userIds.map(staleEntriesOf), " union all ")}) stale
    where entry.user_id = stale.user_id and entry.thing_id = stale.thing_id
    returning entry.thing_id`);
  return removed.length;
}
