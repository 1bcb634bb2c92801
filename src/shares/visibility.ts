import { sql, type SqlFragment } from "../db/sql.ts";

/**
 * Who may see what, written once as SQL. Every read of things, lists, images, search, the cart
 * and notifications goes through these fragments, so a change of friendship, sharing state or
 * share takes effect on the very next request, and no id list is ever built in application code.
 *
 * The rule: a viewer sees a thing when
 *   - they own it, or
 *   - its sharing state is `friends` or `friends-of-friends` and the owner is their friend, or
 *   - its sharing state is `friends-of-friends` and they and the owner have a friend in common, or
 *   - it was shared with them directly (and they have not hidden the share), or
 *   - it is in a list they may see, whatever the thing's own sharing state.
 * A viewer sees a list when they own it, or by the same friend and direct-share rules applied
 * to the list. Friendships are undirected: a row (a, b) makes a and b friends of each other.
 *
 * Usage: put `visibilityCtes(viewerId)` into the statement's WITH clause, then filter with
 * `thingVisible(viewerId, "t")` or `listVisible(viewerId, "l")`:
 *
 *   sql`with ${visibilityCtes(viewer)} select t.id from things t where ${thingVisible(viewer, "t")}`
 *
 * The CTEs are small (the viewer's friends, the owners reachable through a common friend, and
 * the lists shared with the viewer); the predicates use them as hashed `IN` sets, so scanning
 * things in index order and filtering stays cheap even for a viewer with thousands of friends.
 */
export function visibilityCtes(viewerId: string): SqlFragment {
  return sql`
    viewer_friends (id) as (
      select friend2_id from friendships where friend1_id = ${viewerId}
      union
      select friend1_id from friendships where friend2_id = ${viewerId}
    ),
    viewer_common_friend_owners (id) as (
      select f.friend2_id from friendships f join viewer_friends vf on f.friend1_id = vf.id
      union
      select f.friend1_id from friendships f join viewer_friends vf on f.friend2_id = vf.id
    ),
    viewer_shared_lists (id) as (
      select l.id from lists l
        where l.sharing_state in ('friends', 'friends-of-friends') and l.owner_id in (select id from viewer_friends)
      union
      select l.id from lists l
        where l.sharing_state = 'friends-of-friends' and l.owner_id in (select id from viewer_common_friend_owners)
      union
      select s.list_id from shares s
        where s.target_user_id = ${viewerId} and s.list_id is not null and s.hidden_at is null
    )`;
}

/** True for rows of `things` (under `alias`) that the viewer may see. Needs `visibilityCtes`. */
export function thingVisible(viewerId: string, alias: string): SqlFragment {
  const t = sql.raw(alias);
  return sql`(
    ${t}.owner_id = ${viewerId}
    or (${t}.sharing_state in ('friends', 'friends-of-friends') and ${t}.owner_id in (select id from viewer_friends))
    or (${t}.sharing_state = 'friends-of-friends' and ${t}.owner_id in (select id from viewer_common_friend_owners))
    or ${t}.id in (
      select s.thing_id from shares s
      where s.target_user_id = ${viewerId} and s.thing_id is not null and s.hidden_at is null
    )
    or ${t}.id in (select lt.thing_id from lists_things lt join viewer_shared_lists vsl on vsl.id = lt.list_id)
  )`;
}

/** True for rows of `lists` (under `alias`) that the viewer may see. Needs `visibilityCtes`. */
export function listVisible(viewerId: string, alias: string): SqlFragment {
  const l = sql.raw(alias);
  return sql`(${l}.owner_id = ${viewerId} or ${l}.id in (select id from viewer_shared_lists))`;
}

/**
 * True when the viewer may fetch the image file with this content hash: some image row with
 * the hash is theirs, illustrates a thing they may see, or is the profile picture of a user
 * whose full card they may see (`profileVisible`). Access is per hash because identical
 * uploads share one file. Needs `visibilityCtes`.
 */
export function imageHashVisible(viewerId: string, hash: string): SqlFragment {
  return sql`exists (
    select 1 from images i
    where i.hash = ${hash}
      and (
        i.owner_id = ${viewerId}
        or exists (select 1 from profiles p where p.image_id = i.id and ${profileVisible(viewerId, "p.user_id")})
        or exists (
          select 1 from images_things it join things t on t.id = it.thing_id
          where it.image_id = i.id and ${thingVisible(viewerId, "t")}
        )
      )
  )`;
}

/**
 * True when the viewer may see the full profile card (full name, information, picture) of the
 * user whose id is the SQL expression `userIdExpression`: themselves, their friends, users
 * with a friend in common, and the other side of a pending friend request. Everyone else gets
 * only the id and name needed to send a friend request. Needs `visibilityCtes`.
 */
export function profileVisible(viewerId: string, userIdExpression: string): SqlFragment {
  const user = sql.raw(userIdExpression);
  return sql`(
    ${user} = ${viewerId}
    or ${user} in (select id from viewer_friends)
    or ${user} in (select id from viewer_common_friend_owners)
    or exists (
      select 1 from friend_requests fr
      where fr.state = 'pending'
        and ((fr.sender_id = ${viewerId} and fr.receiver_id = ${user}) or (fr.receiver_id = ${viewerId} and fr.sender_id = ${user}))
    )
  )`;
}
