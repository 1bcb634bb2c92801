import { sql, type SqlFragment } from "../db/sql.ts";

/**
 * Who may see a thing, as SQL selects of user ids: the visibility rule of
 * `src/shares/visibility.ts` read in the other direction (from one thing to all its viewers
 * instead of from one viewer to all their things). Used for the audience of notifications and
 * for clearing carts, never to decide access. A test checks both directions against each
 * other; a change to the rule there must be made here too.
 */

export function friendsOf(user: SqlFragment): SqlFragment {
  return sql`
    select f.friend2_id from friendships f where f.friend1_id = ${user}
    union all
    select f.friend1_id from friendships f where f.friend2_id = ${user}`;
}

// Users with a friend in common with `user`, which includes `user` as soon as they have a friend.
export function friendsOfFriendsOf(user: SqlFragment): SqlFragment {
  return sql`
    select f.friend2_id from friendships f where f.friend1_id in (${friendsOf(user)})
    union all
    select f.friend1_id from friendships f where f.friend2_id in (${friendsOf(user)})`;
}

/**
 * The users who see an object of `owner` because of its sharing state `state` alone (both
 * SQL expressions): nobody for `private`, the owner's friends for `friends`, and also everyone
 * with a friend in common for `friends-of-friends`. Column `id`; may repeat ids.
 */
export function sharingStateAudience(owner: SqlFragment, state: SqlFragment): SqlFragment {
  return sql`
    select friend.id from (${friendsOf(owner)}) as friend (id)
      where ${state} in ('friends', 'friends-of-friends')
    union all
    select common.id from (${friendsOfFriendsOf(owner)}) as common (id)
      where ${state} = 'friends-of-friends'`;
}

/**
 * Everyone who may see the thing right now: its owner, the audience of its sharing state, the
 * targets of its direct shares and everyone who may see a list holding it. Column `id`.
 */
export function thingAudience(thingId: string): SqlFragment {
  return sql`
    select t.owner_id as id from things t where t.id = ${thingId}
    union
    select state_audience.id from things t
      cross join lateral (${sharingStateAudience(sql`t.owner_id`, sql`t.sharing_state`)}) as state_audience
      where t.id = ${thingId}
    union
    select s.target_user_id from shares s where s.thing_id = ${thingId} and s.hidden_at is null
    union
    select list_audience.id from lists_things lt
      join lists l on l.id = lt.list_id
      cross join lateral (${sharingStateAudience(sql`l.owner_id`, sql`l.sharing_state`)}) as list_audience
      where lt.thing_id = ${thingId}
    union
    select s.target_user_id from lists_things lt
      join shares s on s.list_id = lt.list_id and s.hidden_at is null
      where lt.thing_id = ${thingId}`;
}
