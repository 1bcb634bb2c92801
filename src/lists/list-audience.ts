import { sql, type SqlFragment } from "../db/sql.ts";
import type { SharingState } from "./list-input.ts";

/**
 * Build a `select` of the users besides its owner who may see a list in the given sharing
 * state. They are the targets of its direct shares that have not hidden them, the owner's
 * friends for `friends` and `friends-of-friends`, and for `friends-of-friends` also the users
 * with a friend in common with the owner. The same rule as `listVisible`, seen from the list's side. It may
 * name the owner (who is a friend of their friends); `notify` leaves the actor out.
 */
export function listAudience(list: { id: string; ownerId: string }, state: SharingState): SqlFragment {
  const reachesFriends = state !== "private";
  const reachesFriendsOfFriends = state === "friends-of-friends";
  return sql`
    with owner_friends (id) as (
      select friend2_id from friendships where friend1_id = ${list.ownerId} and ${reachesFriends}::boolean
      union
      select friend1_id from friendships where friend2_id = ${list.ownerId} and ${reachesFriends}::boolean
    )
    select s.target_user_id from shares s where s.list_id = ${list.id} and s.hidden_at is null
    union
    select id from owner_friends
    union
    select f.friend2_id from friendships f join owner_friends o on f.friend1_id = o.id where ${reachesFriendsOfFriends}::boolean
    union
    select f.friend1_id from friendships f join owner_friends o on f.friend2_id = o.id where ${reachesFriendsOfFriends}::boolean`;
}
