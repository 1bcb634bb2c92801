import { queryOne, type Queryable } from "../db/database.ts";
import { sql, type SqlFragment } from "../db/sql.ts";
import { thingVisible, visibilityCtes } from "../shares/visibility.ts";
import { escapeLike } from "./like-pattern.ts";

/** The maximum number of rows `paginate=false` returns. The original returned every match. */
export const unpaginatedLimit = 1000;

export interface ThingIndexFilter {
  /** Keep only things of these owners; empty keeps all. Never widens what the viewer sees. */
  ownerIds: readonly string[];
  /** Keep only things whose name contains this text, ignoring case and accents; "" keeps all. */
  searchTerm: string;
}

export interface ThingIdPage {
  ids: string[];
  totalCount: number;
}

function filterConditions(filter: ThingIndexFilter): SqlFragment {
  const conditions: SqlFragment[] = [];
  if (filter.ownerIds.length > 0) conditions.push(sql`and t.owner_id = any(${[...filter.ownerIds]}::text[])`);
  if (filter.searchTerm !== "") {
    // The expression is the one the trigram index things_name_trgm_idx is built on.
    conditions.push(sql`and lower(stashsphere_unaccent(t.name)) like '%' || lower(stashsphere_unaccent(${escapeLike(filter.searchTerm)})) || '%'`);
  }
  return sql.join(conditions, " ");
}

/**
 * Return one page of the ids of things `viewerId` may see and the number of matching things,
 * in one statement. Things are ordered oldest first, and the id breaks ties, so pages never
 * skip or repeat a thing that shares its creation time with others.
 *
 * NOTE: PostgreSQL evaluates `thingVisible` on every row of `things` here (a sequential scan),
 * because its OR of hashed subqueries cannot drive an index. That costs 20 to 35 ms on the
 * 30,000 things of bench/things.ts and grows with the table, so a million things need
 * another plan (see docs/benchmarks/things.md).
 */
export async function listThingIdsVisibleTo(
  db: Queryable,
  viewerId: string,
  filter: ThingIndexFilter,
  window: { limit: number; offset: number },
): Promise<ThingIdPage> {
  const rows = await db.query<{ total_count: number; id: string | null }>(sql`
    with ${visibilityCtes(viewerId)},
    matching as (
      select t.id, t.created_at from things t
      where ${thingVisible(viewerId, "t")} ${filterConditions(filter)}
    )
    select total.total_count, page.id
    from (select count(*)::int as total_count from matching) as total
    left join lateral (
      select m.id, m.created_at from matching m
      order by m.created_at, m.id
      limit ${window.limit} offset ${window.offset}
    ) as page on true
    order by page.created_at, page.id`);
  return {
    ids: rows.flatMap((row) => (row.id === null ? [] : [row.id])),
    totalCount: rows[0]?.total_count ?? 0,
  };
}

export interface ThingSummary {
  ownerIds: string[];
  totalCount: number;
}

/** Return the owners of the things `viewerId` may see, in the collation order of ids, and how many things that is. */
export async function summarizeThingsVisibleTo(db: Queryable, viewerId: string): Promise<ThingSummary> {
  const row = await queryOne<{ owner_ids: string[]; total_count: number }>(db, sql`
    with ${visibilityCtes(viewerId)}
    select coalesce(array_agg(distinct t.owner_id), '{}'::text[]) as owner_ids, count(*)::int as total_count
    from things t
    where ${thingVisible(viewerId, "t")}`);
  return { ownerIds: row?.owner_ids ?? [], totalCount: row?.total_count ?? 0 };
}
