import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import {
  friendRequestColumns,
  friendRequestJoins,
  toFriendRequestJson,
  type FriendRequestJson,
  type FriendRequestRow,
} from "./friend-request-json.ts";

/**
 * How many requests of each direction the listing returns. Accepted and rejected requests are
 * kept (an accepted one is the record of a friendship), so the history of an old account grows
 * without bound, and only the newest requests are ones anybody acts on.
 */
export const friendRequestListLimit = 200;

export interface FriendRequestLists {
  received: FriendRequestJson[];
  sent: FriendRequestJson[];
}

/** List the viewer's received and sent requests in every state, newest first, at most 200 of each. */
export async function listFriendRequestsOf(db: Queryable, viewerId: string): Promise<FriendRequestLists> {
  const rows = await db.query<FriendRequestRow & { direction: "received" | "sent" }>(sql`
    (select 'received' as direction, ${friendRequestColumns("fr")}
      from friend_requests fr ${friendRequestJoins("fr")}
      where fr.receiver_id = ${viewerId}
      order by fr.created_at desc, fr.id desc
      limit ${friendRequestListLimit})
    union all
    (select 'sent' as direction, ${friendRequestColumns("fr")}
      from friend_requests fr ${friendRequestJoins("fr")}
      where fr.sender_id = ${viewerId}
      order by fr.created_at desc, fr.id desc
      limit ${friendRequestListLimit})`);

  const lists: FriendRequestLists = { received: [], sent: [] };
  for (const row of rows) lists[row.direction].push(toFriendRequestJson(row));
  return lists;
}
