import { queryOne, type Queryable } from "../db/database.ts";
import { sql, type SqlFragment } from "../db/sql.ts";

export type FriendRequestState = "pending" | "accepted" | "rejected";

/** A user as every listing shows them: id and display name, never the e-mail address. */
export interface UserRef {
  id: string;
  name: string;
}

/** The wire shape of a friend request, as the original sends it. */
export interface FriendRequestJson {
  id: string;
  sender: UserRef;
  receiver: UserRef;
  createdAt: string;
  state: FriendRequestState;
}

export interface FriendRequestRow {
  id: string;
  state: FriendRequestState;
  created_at: Date;
  sender_id: string;
  sender_name: string;
  receiver_id: string;
  receiver_name: string;
}

/**
 * The columns `toFriendRequestJson` reads, for a `friend_requests` row under `alias` joined to
 * its sender as `sender` and its receiver as `receiver`.
 */
export function friendRequestColumns(alias: string): SqlFragment {
  const request = sql.raw(alias);
  return sql`${request}.id, ${request}.state::text as state, ${request}.created_at,
    sender.id as sender_id, sender.name as sender_name,
    receiver.id as receiver_id, receiver.name as receiver_name`;
}

/** Joins `friendRequestColumns` needs, for a `friend_requests` row under `alias`. */
export function friendRequestJoins(alias: string): SqlFragment {
  const request = sql.raw(alias);
  return sql`join users sender on sender.id = ${request}.sender_id
    join users receiver on receiver.id = ${request}.receiver_id`;
}

export function toFriendRequestJson(row: FriendRequestRow): FriendRequestJson {
  return {
    id: row.id,
    sender: { id: row.sender_id, name: row.sender_name },
    receiver: { id: row.receiver_id, name: row.receiver_name },
    createdAt: row.created_at.toISOString(),
    state: row.state,
  };
}

/**
 * Run a statement that ends in `selectFriendRequestFrom` and return its first row as JSON,
 * or undefined when it produced none.
 */
export async function queryFriendRequest(db: Queryable, statement: SqlFragment): Promise<FriendRequestJson | undefined> {
  const row = await queryOne<FriendRequestRow>(db, statement);
  return row && toFriendRequestJson(row);
}

/** Select the wire columns of the requests in `source`, a table or CTE name of our code. */
export function selectFriendRequestFrom(source: string): SqlFragment {
  return sql`select ${friendRequestColumns(source)} from ${sql.raw(source)} ${friendRequestJoins(source)}`;
}
