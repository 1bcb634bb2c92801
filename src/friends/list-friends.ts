import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import {
  friendRequestColumns,
  friendRequestJoins,
  toFriendRequestJson,
  type FriendRequestJson,
  type FriendRequestRow,
  type UserRef,
} from "./friend-request-json.ts";

export interface FriendshipJson {
  /** The other user of the pair. */
  friend: UserRef;
  /** The accepted request that made the two friends. */
  request: FriendRequestJson;
}

/** Everyone the viewer is friends with, by name, each with the request that made them friends. */
export async function listFriendsOf(db: Queryable, viewerId: string): Promise<FriendshipJson[]> {
  const rows = await db.query<FriendRequestRow & { friend_id: string; friend_name: string }>(sql`
    select friend.id as friend_id, friend.name as friend_name, ${friendRequestColumns("fr")}
    from friendships f
    join users friend on friend.id = case when f.friend1_id = ${viewerId} then f.friend2_id else f.friend1_id end
    join friend_requests fr on fr.id = f.friend_request_id
    ${friendRequestJoins("fr")}
    where f.friend1_id = ${viewerId} or f.friend2_id = ${viewerId}
    order by lower(friend.name), friend.id`);
  return rows.map((row) => ({
    friend: { id: row.friend_id, name: row.friend_name },
    request: toFriendRequestJson(row),
  }));
}
