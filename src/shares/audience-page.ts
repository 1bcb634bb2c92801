import type { Queryable } from "../db/database.ts";
import { sql, type SqlFragment } from "../db/sql.ts";
import { offsetOf, pageEnvelope, type Page } from "../http/pagination.ts";
import { friendsOf, friendsOfFriendsOf } from "../things/thing-audience.ts";

/** The reason a user can see an object. A `list` reason comes with the owner's lists that grant it. */
export type AudienceReason = "friend" | "friend-of-friend" | "direct-share" | "list";

export interface AudienceMember {
  user: { id: string; name: string };
  reasons: AudienceReason[];
  lists: { id: string; name: string }[];
}

/**
 * Select the users who can see an object of `owner` through its sharing state `state` (both
 * SQL expressions), with columns `id` and `reason`. A friend of the owner who also has a friend
 * in common with them appears under both reasons, and `loadAudiencePage` keeps only `friend`.
 */
export function sharingStateReasons(owner: SqlFragment, state: SqlFragment): SqlFragment {
  return sql`
    select friend.id, 'friend' as reason from (${friendsOf(owner)}) as friend (id)
      where ${state} in ('friends', 'friends-of-friends')
    union all
    select common.id, 'friend-of-friend' from (${friendsOfFriendsOf(owner)}) as common (id)
      where ${state} = 'friends-of-friends'`;
}

/**
 * Load one page of an object's audience, ordered by name. `candidates` is a select with columns
 * `id` (user), `reason` (an `AudienceReason`) and `list_id` (the list behind a `list` reason,
 * else null), and ids may repeat. The owner is left out, because the page lists who else can
 * see the object.
 */
export async function loadAudiencePage(db: Queryable, ownerId: string, candidates: SqlFragment, page: Page) {
  const rows = await db.query<{ id: string; name: string; reasons: AudienceReason[]; lists: { id: string; name: string }[] }>(sql`
    with candidates (id, reason, list_id) as (${candidates})
    select u.id, u.name,
      jsonb_agg(distinct c.reason) as reasons,
      coalesce(jsonb_agg(distinct jsonb_build_object('id', l.id, 'name', l.name)) filter (where l.id is not null), '[]'::jsonb) as lists
    from candidates c
    join users u on u.id = c.id
    left join lists l on l.id = c.list_id and l.owner_id = ${ownerId}
    where c.id <> ${ownerId}
    group by u.id, u.name
    order by lower(u.name), u.id
    limit ${page.perPage} offset ${offsetOf(page)}`);
  const [count] = await db.query<{ total: number }>(sql`
    with candidates (id, reason, list_id) as (${candidates})
    select count(distinct c.id)::int as total from candidates c join users u on u.id = c.id where c.id <> ${ownerId}`);
  const members: AudienceMember[] = rows.map((row) => ({
    user: { id: row.id, name: row.name },
    reasons: row.reasons.includes("friend") ? row.reasons.filter((reason) => reason !== "friend-of-friend") : row.reasons,
    lists: row.lists,
  }));
  return pageEnvelope("users", members, page, count?.total ?? 0);
}
