import { sql, type SqlFragment } from "../db/sql.ts";

/**
 * The number of friendships among the viewer's friends above which `viewer_common_friend_owners`
 * looks up each candidate owner's friendships instead of hashing all of the friends'. Below it,
 * hashing is cheaper: about 1 ms for a viewer with 50 ordinary friends. Above it, one friend
 * with thousands of friends makes the hash cost 7 to 10 ms, against 3 to 4 ms for the lookups.
 */
const wideCircle = 4000;

/**
 * The number of shared lists and direct shares reaching the viewer above which
 * `thingVisibleThroughIndexes` leaves the things seen only through them out and
 * `thingSharedBeyondIndexes` tests them instead. A bitmap of ids costs an index probe per id
 * in every branch of a search, which for a viewer with a hub among their friends (35,000
 * lists, 80,000 such things) took 140 to 530 ms per branch. With 450 lists (the search
 * benchmark's viewer) the bitmap stays cheaper, as it lets the branch skip the rows of others.
 */
const manySharedThings = 1000;

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
 * Each part of the rule is a correlated EXISTS over an index (the owner's friendships, the
 * thing's shares, the lists holding the thing). PostgreSQL runs such a test per row when it
 * expects few rows (one thing, one image, a page of notifications) and turns it into a hashed
 * set when it expects to test many, so neither case pays for the other. In particular the
 * set of everyone sharing a friend with the viewer, which has thousands of members for a
 * user with thousands of friends, is built only by statements that scan many things.
 * `countThingsVisible` counts the same set from per-owner counters, part by part, and
 * `thingVisibleThroughIndexes` tests it with conditions that bitmap index scans can use.
 *
 * The test for lists is the exception: it always runs per thing, because `offset 0` keeps
 * PostgreSQL from hashing it. Its hashed form would test every list of the instance, since no
 * single index finds the lists an OR of rules shares. One lookup of the lists that contain
 * the thing is cheaper than that.
 */
export function visibilityCtes(viewerId: string, options: { wideCircle?: number; manySharedThings?: number } = {}): SqlFragment {
  // Tests lower the thresholds to run the forms for wide circles and many shared things on a
  // small world.
  const wideAt = options.wideCircle ?? wideCircle;
  const manyAt = options.manySharedThings ?? manySharedThings;
  // PostgreSQL runs a WITH query only when the statement reads it, so a point read pays for
  // viewer_friends alone. One row per unordered pair, so the two directions never repeat a
  // friend. Materialized, because every part of the rule reads it and it is small.
  return sql`
    viewer_friends (id) as materialized (
      select friend2_id from friendships where friend1_id = ${viewerId}
      union all
      select friend1_id from friendships where friend2_id = ${viewerId}
    ),
    -- Whether the friendships of the viewer's friends number more than wideCircle: walked
    -- until that many are found, so a hub pays no more than anyone else. Each friend has at
    -- least the friendship with the viewer, so a viewer with that many friends needs no walk.
    viewer_circle (wide) as materialized (
      select (select count(*) from viewer_friends) >= ${wideAt} or (
        select count(*) >= ${wideAt} from (
          select 1 from viewer_friends vf
          cross join lateral (
            select 1 from friendships f where f.friend1_id = vf.id
            union all
            select 1 from friendships f where f.friend2_id = vf.id
          ) as friendship
          limit ${wideAt}
        ) as walked
      )
    ),
    viewer_common_friend_candidates (id) as materialized (
      select distinct c.owner_id from sharing_counts c
      where c.sharing_state = 'friends-of-friends' and c.owner_id not in (select id from viewer_friends)
    ),
    -- Two forms, of which the plan runs one (the other's one-time filter is false). A small
    -- circle is hashed whole: the friends of every friend, looked up friend by friend. A wide
    -- one, where a friend is a hub, would hash most friendships of the instance, so each
    -- candidate's own friendships are looked up instead, each tested against a hash of the
    -- viewer's friends built once. The OR keeps PostgreSQL from joining all friendships to the
    -- viewer's friends instead.
    viewer_common_friend_owners (id) as materialized (
      select o.id from viewer_common_friend_candidates o
      where not (select wide from viewer_circle)
        and o.id in (
          select friend_of_friend.id from viewer_friends vf
          cross join lateral (
            select f.friend1_id as id from friendships f where f.friend2_id = vf.id
            union all
            select f.friend2_id from friendships f where f.friend1_id = vf.id
            offset 0
          ) as friend_of_friend
        )
      union all
      select o.id from viewer_common_friend_candidates o
      where (select wide from viewer_circle)
        and exists (
          select 1 from friendships f
          where (f.friend1_id = o.id and f.friend2_id in (select id from viewer_friends))
            or (f.friend2_id = o.id and f.friend1_id in (select id from viewer_friends))
          offset 0
        )
    ),
    viewer_shared_lists (id) as materialized (
      select l.id from viewer_friends o
        join lists l on l.owner_id = o.id and l.sharing_state <> 'private'
      union all
      select l.id from viewer_common_friend_owners o
        join lists l on l.owner_id = o.id and l.sharing_state = 'friends-of-friends'
      union all
      select s.list_id from shares s
        where s.target_user_id = ${viewerId} and s.list_id is not null and s.hidden_at is null
    ),
    -- Counted from the lists the viewer reaches rather than from viewer_shared_things, so a
    -- statement can decide without building that set, and builds it only when a row needs it.
    viewer_shared_things_many (many) as materialized (
      select coalesce(sum(c.object_count), 0)
          + (select count(*) from shares s where s.target_user_id = ${viewerId} and s.hidden_at is null)
          > ${manyAt}
      from sharing_counts c
      where c.object_kind = 'list'
        and (
          (c.sharing_state <> 'private' and c.owner_id in (select id from viewer_friends))
          or (c.sharing_state = 'friends-of-friends' and c.owner_id in (select id from viewer_common_friend_owners))
        )
    ),
    viewer_shared_things (id, owner_id) as materialized (
      select t.id, t.owner_id from shares s
      -- Looked up one by one: PostgreSQL misjudges how many pass and otherwise scans things.
      cross join lateral (
        select t.id, t.owner_id from things t
        where t.id = s.thing_id and ${notSeenByOwnerAndState(viewerId, sql`t.owner_id`, sql`t.sharing_state`)}
        offset 0
      ) as t
      where s.target_user_id = ${viewerId} and s.thing_id is not null and s.hidden_at is null
      union
      -- List entries carry their thing's owner and sharing state, so the things of a list are
      -- tested without reading them. Few lists are looked up one by one; many are joined with
      -- a scan of all entries. Left to itself, PostgreSQL's plan for the search (made once,
      -- for any viewer) scanned all entries for 450 lists: 20 ms, against 6 ms of lookups.
      select lt.thing_id, lt.thing_owner_id from viewer_shared_lists reached
      cross join lateral (
        select lt.thing_id, lt.thing_owner_id from lists_things lt
        where lt.list_id = reached.id
          and ${notSeenByOwnerAndState(viewerId, sql`lt.thing_owner_id`, sql`lt.thing_sharing_state`)}
        offset 0
      ) as lt
      where not (select many from viewer_shared_things_many)
      union
      select lt.thing_id, lt.thing_owner_id from lists_things lt
      where (select many from viewer_shared_things_many)
        and lt.list_id in (select id from viewer_shared_lists)
        and ${notSeenByOwnerAndState(viewerId, sql`lt.thing_owner_id`, sql`lt.thing_sharing_state`)}
    )`;
}

/**
 * True when a thing with this owner and sharing state (SQL) is not the viewer's and does not
 * reach them by its sharing state, so that only a share or a list can show it. Needs the
 * sets of `visibilityCtes`.
 */
function notSeenByOwnerAndState(viewerId: string, owner: SqlFragment, state: SqlFragment): SqlFragment {
  return sql`${owner} <> ${viewerId}
    and not (${state} <> 'private' and ${owner} in (select id from viewer_friends))
    and not (${state} = 'friends-of-friends' and ${owner} in (select id from viewer_common_friend_owners))`;
}

/**
 * True when the user `userExpression` (SQL) and the viewer have a friend in common: one of the
 * user's friendships leads to a friend of the viewer. That includes the viewer themselves as
 * soon as they have a friend. Needs `visibilityCtes`.
 */
function sharesFriendWithViewer(userExpression: SqlFragment): SqlFragment {
  return sql`(
    exists (select 1 from friendships f join viewer_friends vf on vf.id = f.friend2_id where f.friend1_id = ${userExpression})
    or exists (select 1 from friendships f join viewer_friends vf on vf.id = f.friend1_id where f.friend2_id = ${userExpression})
  )`;
}

/**
 * True when one of the friendships of the user `userExpression` (SQL) leads to a friend of the
 * viewer, looked up row by row: the user's friendships against a hash of the viewer's friends
 * built once. The OR and the "offset 0" keep PostgreSQL from turning it into a join of all
 * friendships of all the viewer's friends, which for a hub among them is most of the instance.
 * Needs `visibilityCtes`.
 */
function ownerFriendshipsReachViewer(userExpression: SqlFragment): SqlFragment {
  return sql`exists (
    select 1 from friendships f
    where (f.friend1_id = ${userExpression} and f.friend2_id in (select id from viewer_friends))
      or (f.friend2_id = ${userExpression} and f.friend1_id in (select id from viewer_friends))
    offset 0
  )`;
}

/**
 * The test for a friend in common with the viewer: the user's own friendships
 * (`sharesFriendWithViewer`), or membership of `viewer_common_friend_owners`. That set contains
 * every such user who shares anything with friends of friends and is not the viewer's friend.
 * Both give the same result wherever the rule uses them, because the rule asks only about
 * owners of objects shared with friends of friends, after it has tested the viewer's friends.
 */
type CommonFriendTest = "friendships" | "common-friend-owners" | "owner-lookups";

/** True when an object of `alias` (things or lists) reaches the viewer by its owner and sharing state. */
function reachesViewerBySharingState(alias: SqlFragment, commonFriend: CommonFriendTest = "friendships"): SqlFragment {
  const owner = sql`${alias}.owner_id`;
  const ownerSharesFriend =
    commonFriend === "friendships"
      ? sharesFriendWithViewer(owner)
      : commonFriend === "owner-lookups"
        ? ownerFriendshipsReachViewer(owner)
        : sql`${owner} in (select id from viewer_common_friend_owners)`;
  return sql`(
    (${alias}.sharing_state in ('friends', 'friends-of-friends') and ${alias}.owner_id in (select id from viewer_friends))
    or (${alias}.sharing_state = 'friends-of-friends' and ${ownerSharesFriend})
  )`;
}

/** True for rows of `lists` under `alias` that reach the viewer by sharing state or a direct share, for any owner. */
function listSharedWithViewer(viewerId: string, alias: SqlFragment, commonFriend: CommonFriendTest = "friendships"): SqlFragment {
  return sql`(
    ${reachesViewerBySharingState(alias, commonFriend)}
    or exists (
      select 1 from shares s
      where s.list_id = ${alias}.id and s.target_user_id = ${viewerId} and s.hidden_at is null
    )
  )`;
}

/** True for things of `alias` the viewer sees by their owner, sharing state or a direct share (not by lists). */
function thingVisibleWithoutLists(viewerId: string, t: SqlFragment, commonFriend: CommonFriendTest = "friendships"): SqlFragment {
  return sql`(
    ${t}.owner_id = ${viewerId}
    or ${reachesViewerBySharingState(t, commonFriend)}
    or exists (
      select 1 from shares s
      where s.thing_id = ${t}.id and s.target_user_id = ${viewerId} and s.hidden_at is null
    )
  )`;
}

/** True for rows of `things` (under `alias`) that the viewer may see. Needs `visibilityCtes`. */
export function thingVisible(viewerId: string, alias: string): SqlFragment {
  return thingVisibleTestingCommonFriends(viewerId, sql.raw(alias), "friendships");
}

/**
 * Test the rule of `thingVisible` in a statement that walks many things, such as a page of the
 * things index. A friend in common is looked up in `viewer_common_friend_owners`, built once
 * per statement. The per-row test of `thingVisible` is one lookup per thing, but PostgreSQL
 * turns it into a hash of every friendship of the viewer's friends when it expects many rows.
 * For a viewer with a hub among their friends that hash covers most friendships of the
 * instance (12 ms on the generated million-thing instance, against 4 ms for the set). For a
 * point read `thingVisible` is cheaper. Needs `visibilityCtes`. A test checks it against
 * `thingVisible` for every relation.
 */
export function thingVisibleInScan(viewerId: string, alias: string): SqlFragment {
  return thingVisibleTestingCommonFriends(viewerId, sql.raw(alias), "common-friend-owners");
}

/**
 * Test the rule of `thingVisible` looking up, for each thing shared with friends of friends,
 * its owner's friendships, for a statement that tests a few dozen things, such as the first
 * page of the things index. It builds neither `viewer_common_friend_owners` (5 ms for a
 * viewer with 5,000 friends) nor the hash `thingVisible` may turn into. Each thing of an owner
 * who is not the viewer's friend costs a walk of that owner's friendships, so for deep pages
 * `thingVisibleInScan` is cheaper. Needs `visibilityCtes`. A test checks it against
 * `thingVisible` for every relation.
 */
export function thingVisibleByOwnerLookups(viewerId: string, alias: string): SqlFragment {
  return thingVisibleTestingCommonFriends(viewerId, sql.raw(alias), "owner-lookups");
}

function thingVisibleTestingCommonFriends(viewerId: string, t: SqlFragment, commonFriend: CommonFriendTest): SqlFragment {
  return sql`(
    ${thingVisibleWithoutLists(viewerId, t, commonFriend)}
    or exists (
      select 1 from lists_things lt join lists sl on sl.id = lt.list_id
      where lt.thing_id = ${t}.id and ${listSharedWithViewer(viewerId, sql`sl`, commonFriend)}
      offset 0
    )
  )`;
}

/**
 * Test the rule of `thingVisible` with conditions on indexed columns, for statements that
 * combine it with another index. Owner and sharing state are compared with the viewer's
 * friends and with `viewer_common_friend_owners` (the owners with a friend in common who share
 * something with friends of friends). The id is compared with `viewer_shared_things` (the
 * things the viewer sees only through a direct share or a shared list). When more than
 * `manySharedThings` shared lists and direct shares reach the viewer, those things are left
 * out, and a statement adds them with `thingSharedBeyondIndexes`. PostgreSQL can AND the
 * bitmaps of a text index and the owner indexes before it reads a row. Building those sets
 * costs time in proportion to what the viewer may see, so a single thing is tested faster
 * with `thingVisible`. Needs `visibilityCtes`.
 */
export function thingVisibleThroughIndexes(viewerId: string, alias: string): SqlFragment {
  const t = sql.raw(alias);
  return sql`(
    ${t}.owner_id = ${viewerId}
    or (${t}.sharing_state <> 'private' and ${t}.owner_id = any(array(select id from viewer_friends)))
    or (${t}.sharing_state = 'friends-of-friends' and ${t}.owner_id = any(array(select id from viewer_common_friend_owners)))
    or ${t}.id = any(array(select id from viewer_shared_things where not (select many from viewer_shared_things_many)))
  )`;
}

/**
 * True for the things `thingVisibleThroughIndexes` leaves out: those seen only through shares
 * and lists, when more than `manySharedThings` shared lists and direct shares reach the
 * viewer. Always false otherwise, and then PostgreSQL skips the branch that uses it without
 * reading a row. The test is a hash of those things applied to each row, so the branch reads
 * every row its other conditions select.
 * Needs `visibilityCtes`.
 */
export function thingSharedBeyondIndexes(idExpression: string): SqlFragment {
  // "is true" keeps the IN a hashed test of each row: as a bare condition PostgreSQL turned it
  // into a join that started from the shared things and matched the text row by row.
  return sql`((select many from viewer_shared_things_many) and (${sql.raw(idExpression)} in (select id from viewer_shared_things)) is true)`;
}

/**
 * Test the rule of `listVisible` with conditions on indexed columns, like
 * `thingVisibleThroughIndexes`, so that a text index and the owner indexes of lists are
 * combined before a row is read. Needs `visibilityCtes`. A test checks it against
 * `listVisible` for every relation.
 */
export function listVisibleThroughIndexes(viewerId: string, alias: string): SqlFragment {
  const l = sql.raw(alias);
  return sql`(
    ${l}.owner_id = ${viewerId}
    or (${l}.sharing_state <> 'private' and ${l}.owner_id = any(array(select id from viewer_friends)))
    or (${l}.sharing_state = 'friends-of-friends' and ${l}.owner_id = any(array(select id from viewer_common_friend_owners)))
    or ${l}.id = any(array(
      select s.list_id from shares s
      where s.target_user_id = ${viewerId} and s.list_id is not null and s.hidden_at is null
    ))
  )`;
}

/** True for rows of `lists` (under `alias`) that the viewer may see. Needs `visibilityCtes`. */
export function listVisible(viewerId: string, alias: string): SqlFragment {
  const l = sql.raw(alias);
  return sql`(${l}.owner_id = ${viewerId} or ${listSharedWithViewer(viewerId, l)})`;
}

/**
 * Shared lists sampled per part of the rule when counting the things seen only through lists;
 * see `countThingsVisible`.
 */
export const sharedListSample = 100;

/**
 * Count the things the viewer may see, of all owners or only of `ownerIds`, as an `int`
 * expression. Needs `visibilityCtes`. A test checks it against `count(*) … where thingVisible`
 * for every relation.
 *
 * The same rule as `thingVisible`, split into parts no thing belongs to twice, so that the
 * cost follows the viewer's friends and shares rather than the number of things they see:
 *   - own things, friends' shared things and the `friends-of-friends` things of everyone else
 *     with a friend in common: added up from `sharing_counts` (one row per owner and state);
 *   - things shared directly that no earlier part covers: counted one by one (few);
 *   - things seen only through shared lists: counted one by one in the lists of each part of
 *     the list rule (friends' lists, lists of users with a friend in common, lists shared
 *     directly).
 * NOTE: when a part of the list rule reaches more than `sharedListSample` lists, its count is
 * extrapolated from the first `sharedListSample` of them. They are taken in index order, not
 * at random, and a thing in lists of two parts is then counted twice. The total is an
 * estimate in that case (within 2 % on the generated million-thing instance) and exact
 * whenever every part reaches at most that many lists.
 */
export function countThingsVisible(viewerId: string, ownerIds?: readonly string[]): SqlFragment {
  const ofOwner = (column: string) =>
    ownerIds === undefined ? sql`true` : sql`${sql.raw(column)} = any(${[...ownerIds]}::text[])`;
  // Direct shares of things and lists that the owner and sharing state do not already cover.
  // They are few, so each owner is probed rather than hashing all of the viewer's friends.
  const notCoveredByState = (alias: string) => {
    const row = sql.raw(alias);
    return sql`${row}.owner_id <> ${viewerId}
      and not (${row}.sharing_state <> 'private' and ${areFriends(sql`${row}.owner_id`, sql`${viewerId}`)})
      and not (${row}.sharing_state = 'friends-of-friends' and ${row}.owner_id in (select id from viewer_common_friend_owners))`;
  };
  // The LATERAL subqueries (kept apart by `offset 0`) make PostgreSQL start from the viewer's
  // few shares and friends and look their objects up by index. It estimates the filtered
  // tables badly and otherwise chose to scan them.
  return sql`(
    with
    by_state as (
      select coalesce(sum(c.object_count), 0) as thing_count from sharing_counts c
      where c.object_kind = 'thing' and ${ofOwner("c.owner_id")}
        and (
          c.owner_id = ${viewerId}
          or (c.sharing_state <> 'private' and c.owner_id in (select id from viewer_friends))
          or (c.sharing_state = 'friends-of-friends' and c.owner_id in (select id from viewer_common_friend_owners))
        )
    ),
    shared_directly as (
      select count(*) as thing_count from shares s
        cross join lateral (select t.owner_id from things t where t.id = s.thing_id and ${notCoveredByState("t")} offset 0) t
      where s.target_user_id = ${viewerId} and s.hidden_at is null and ${ofOwner("t.owner_id")}
    ),
    reached_lists (part, list_count) as (
      select 'friends', coalesce(sum(c.object_count), 0) from sharing_counts c
        where c.object_kind = 'list' and c.sharing_state <> 'private' and c.owner_id in (select id from viewer_friends)
      union all
      select 'common', coalesce(sum(c.object_count), 0) from sharing_counts c
        where c.object_kind = 'list' and c.sharing_state = 'friends-of-friends' and c.owner_id in (select id from viewer_common_friend_owners)
      union all
      select 'direct', count(*) from shares s
        cross join lateral (select 1 from lists l where l.id = s.list_id and ${notCoveredByState("l")} offset 0) l
        where s.target_user_id = ${viewerId} and s.hidden_at is null
    ),
    -- A part that reaches no list by the counters is not sampled: its owners' lists would be
    -- looked up one owner at a time for nothing.
    sampled_lists (part, list_id) as materialized (
      (select 'friends', l.id from viewer_friends o
        cross join lateral (select l.id from lists l where l.owner_id = o.id and l.sharing_state <> 'private' offset 0) l
        where (select r.list_count from reached_lists r where r.part = 'friends') > 0
        limit ${sharedListSample})
      union all
      (select 'common', l.id from viewer_common_friend_owners o
        cross join lateral (select l.id from lists l where l.owner_id = o.id and l.sharing_state = 'friends-of-friends' offset 0) l
        where (select r.list_count from reached_lists r where r.part = 'common') > 0
        limit ${sharedListSample})
      union all
      (select 'direct', l.id from shares s
        cross join lateral (select l.id from lists l where l.id = s.list_id and ${notCoveredByState("l")} offset 0) l
        where s.target_user_id = ${viewerId} and s.hidden_at is null
        limit ${sharedListSample})
    ),
    seen_through_lists (part, thing_id) as materialized (
      select distinct sampled.part, lt.thing_id
      from sampled_lists sampled
      cross join lateral (
        select lt.thing_id, lt.thing_owner_id, lt.thing_sharing_state from lists_things lt where lt.list_id = sampled.list_id offset 0
      ) lt
      where ${notSeenByOwnerAndState(viewerId, sql`lt.thing_owner_id`, sql`lt.thing_sharing_state`)}
        and not exists (
          select 1 from shares s where s.thing_id = lt.thing_id and s.target_user_id = ${viewerId} and s.hidden_at is null
        )
        and ${ofOwner("lt.thing_owner_id")}
    ),
    per_part as (
      select r.part, r.list_count,
        (select count(*) from sampled_lists sampled where sampled.part = r.part) as sampled_count,
        (select count(*) from seen_through_lists seen where seen.part = r.part) as thing_count
      from reached_lists r
    ),
    through_lists as (
      select case
        when bool_and(sampled_count = list_count) then (select count(distinct thing_id) from seen_through_lists)
        else sum(case when sampled_count = 0 then 0 else round(thing_count * list_count::numeric / sampled_count) end)
      end as thing_count
      from per_part
    )
    select (by_state.thing_count + shared_directly.thing_count + through_lists.thing_count)::int
    from by_state, shared_directly, through_lists
  )`;
}

/**
 * Build a `select owner_id` of the owners of the things the viewer may see, each once, from
 * `sharing_counts` and the things seen only through shares and lists. Needs `visibilityCtes`.
 */
export function ownersOfThingsVisible(viewerId: string): SqlFragment {
  return sql`
    select c.owner_id from sharing_counts c
    where c.object_kind = 'thing'
      and (
        c.owner_id = ${viewerId}
        or (c.sharing_state <> 'private' and c.owner_id in (select id from viewer_friends))
        or (c.sharing_state = 'friends-of-friends' and c.owner_id in (select id from viewer_common_friend_owners))
      )
    union
    select owner_id from viewer_shared_things`;
}

/**
 * True when the viewer may fetch the image file with this content hash: some image row with
 * the hash is theirs, illustrates a thing they may see, or is the profile picture of a user
 * whose full card they may see (`profileVisible`). Access is per hash because identical
 * uploads share one file. Needs no WITH clause: it tests the few rows of one hash with
 * `thingVisibleByProbes` and `profileVisibleByProbes`, so a viewer with thousands of friends
 * pays no more than one with a handful.
 */
export function imageHashVisible(viewerId: string, hash: string): SqlFragment {
  return sql`exists (
    select 1 from images i
    where i.hash = ${hash}
      and (
        i.owner_id = ${viewerId}
        or exists (select 1 from profiles p where p.image_id = i.id and ${profileVisibleByProbes(viewerId, "p.user_id")})
        or exists (
          select 1 from images_things it join things t on t.id = it.thing_id
          where it.image_id = i.id and ${thingVisibleByProbes(viewerId, "t")}
        )
      )
  )`;
}

/** True when the users `a` and `b` (SQL) are friends: one probe of the unique index on the pair. */
function areFriends(a: SqlFragment, b: SqlFragment): SqlFragment {
  return sql`exists (
    select 1 from friendships f
    where least(f.friend1_id, f.friend2_id) = least(${a}, ${b}) and greatest(f.friend1_id, f.friend2_id) = greatest(${a}, ${b})
  )`;
}

/** Select the friends of the user `user` (SQL) as `id`. */
function friendsOf(user: SqlFragment): SqlFragment {
  return sql`select f.friend2_id as id from friendships f where f.friend1_id = ${user}
    union all select f.friend1_id from friendships f where f.friend2_id = ${user}`;
}

/**
 * True when the user `owner` (SQL) and the viewer have a friend in common: one of the owner's
 * friends is a friend of the viewer, one probe of the pair index each. The owner's list is
 * walked because a hub's list is long, and the hub is usually the viewer making the request.
 * NOTE: a thing of a hub tested for a viewer who is not the hub's friend costs a probe per
 * friend of the hub, about 7 ms for 5,000 friends. Choosing the shorter list with a capped
 * count made the statement slower to plan than the probes it saved.
 */
function haveFriendInCommon(owner: SqlFragment, viewerId: string): SqlFragment {
  return sql`exists (select 1 from (${friendsOf(owner)}) fo where ${areFriends(sql`fo.id`, sql`${viewerId}`)})`;
}

/** True when the list under `alias` reaches the viewer by sharing state or a direct share, tested by index probes. */
function listSharedByProbes(viewerId: string, l: SqlFragment): SqlFragment {
  return sql`(
    (${l}.sharing_state in ('friends', 'friends-of-friends') and ${areFriends(sql`${l}.owner_id`, sql`${viewerId}`)})
    or (${l}.sharing_state = 'friends-of-friends' and ${haveFriendInCommon(sql`${l}.owner_id`, viewerId)})
    or exists (select 1 from shares s where s.list_id = ${l}.id and s.target_user_id = ${viewerId} and s.hidden_at is null)
  )`;
}

/**
 * Test the rule of `thingVisible` by index probes, for statements that test a few things (one
 * image's, one thing's). Each part probes an index: the pair of friends, the owner's friend
 * list, the thing's shares, the lists that contain it. No set of the viewer's friends is
 * built. For many rows `thingVisible` is cheaper, since it builds that set once. Needs no WITH
 * clause. A test checks it against `thingVisible` for every relation.
 */
export function thingVisibleByProbes(viewerId: string, alias: string): SqlFragment {
  const t = sql.raw(alias);
  return sql`(
    ${t}.owner_id = ${viewerId}
    or (${t}.sharing_state in ('friends', 'friends-of-friends') and ${areFriends(sql`${t}.owner_id`, sql`${viewerId}`)})
    or (${t}.sharing_state = 'friends-of-friends' and ${haveFriendInCommon(sql`${t}.owner_id`, viewerId)})
    or exists (select 1 from shares s where s.thing_id = ${t}.id and s.target_user_id = ${viewerId} and s.hidden_at is null)
    or exists (
      select 1 from lists_things lt join lists sl on sl.id = lt.list_id
      where lt.thing_id = ${t}.id and ${listSharedByProbes(viewerId, sql`sl`)}
    )
  )`;
}

/** Test the rule of `profileVisible` by index probes, like `thingVisibleByProbes`. Needs no WITH clause. */
export function profileVisibleByProbes(viewerId: string, userIdExpression: string): SqlFragment {
  const user = sql.raw(userIdExpression);
  return sql`(
    ${user} = ${viewerId}
    or ${areFriends(user, sql`${viewerId}`)}
    or ${haveFriendInCommon(user, viewerId)}
    or ${pendingRequestBetween(viewerId, user)}
  )`;
}

/** True when a friend request between the viewer and `user` (SQL) is pending. */
function pendingRequestBetween(viewerId: string, user: SqlFragment): SqlFragment {
  return sql`exists (
    select 1 from friend_requests fr
    where fr.state = 'pending'
      and ((fr.sender_id = ${viewerId} and fr.receiver_id = ${user}) or (fr.receiver_id = ${viewerId} and fr.sender_id = ${user}))
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
    or ${sharesFriendWithViewer(user)}
    or ${pendingRequestBetween(viewerId, user)}
  )`;
}
