import { queryOne, type Queryable } from "../db/database.ts";
import { sql, type SqlFragment } from "../db/sql.ts";
import { countThingsVisible, ownersOfThingsVisible, thingVisible, thingVisibleByOwnerLookups, thingVisibleInScan, visibilityCtes } from "../shares/visibility.ts";
import { escapeLike } from "./like-pattern.ts";

/** Offsets below this many things use `thingVisibleByOwnerLookups` for the page. */
const shallowPageRows = 100;

/** The maximum number of rows `paginate=false` returns. The original returned every match. */
export const unpaginatedLimit = 1000;

export interface ThingIndexFilter {
  /** Keep only things of these owners; empty keeps all. Never widens what the viewer sees. */
  ownerIds: readonly string[];
  /** Keep only things whose name contains this text, ignoring case and accents; "" keeps all. */
  searchTerm: string;
}

function filterConditions(filter: ThingIndexFilter): SqlFragment {
  const conditions: SqlFragment[] = [sql`true`];
  if (filter.ownerIds.length > 0) conditions.push(sql`t.owner_id = any(${[...filter.ownerIds]}::text[])`);
  if (filter.searchTerm !== "") {
    // The expression is the one the trigram index things_name_trgm_idx is built on.
    conditions.push(sql`lower(stashsphere_unaccent(t.name)) like '%' || lower(stashsphere_unaccent(${escapeLike(filter.searchTerm)})) || '%'`);
  }
  return sql`(${sql.join(conditions, " and ")})`;
}

// With a name filter, the trigram index finds the matches and each is tested. Without one, the
// count is added up per owner (see countThingsVisible).
function totalCount(viewerId: string, filter: ThingIndexFilter): SqlFragment {
  if (filter.searchTerm !== "") {
    return sql`(select count(*)::int from things t where ${thingVisible(viewerId, "t")} and ${filterConditions(filter)})`;
  }
  return countThingsVisible(viewerId, filter.ownerIds.length > 0 ? filter.ownerIds : undefined);
}

/**
 * Count the things `viewerId` may see that match `filter`: an estimate in the cases
 * `countThingsVisible` names, exact otherwise.
 */
export async function countThingsVisibleTo(db: Queryable, viewerId: string, filter: ThingIndexFilter): Promise<number> {
  const row = await queryOne<{ total_count: number }>(db, sql`
    with ${visibilityCtes(viewerId)}
    select ${totalCount(viewerId, filter)} as total_count`);
  return row?.total_count ?? 0;
}

/**
 * Return one page of the ids of things `viewerId` may see. Things are ordered oldest first, and
 * the id breaks ties, so pages never skip or repeat a thing that shares its creation time with
 * others. The page walks `things_created_at_id_idx` in order and tests each thing until it has
 * enough, so it does not filter every row of `things`.
 *
 * The index route runs this beside `countThingsVisibleTo` on two connections. For a viewer
 * who sees most of the instance the count takes about as long as the page and its things
 * together, so the response waits for the longer of the two instead of their sum. The two
 * read separate snapshots, so a thing created between them can be on the page but not yet
 * counted.
 */
export async function listThingIdsVisibleTo(
  db: Queryable,
  viewerId: string,
  filter: ThingIndexFilter,
  window: { limit: number; offset: number },
): Promise<string[]> {
  // The first pages test few things, so owners are looked up thing by thing rather than the
  // set of owners with a friend in common built first.
  const visible = window.offset < shallowPageRows ? thingVisibleByOwnerLookups(viewerId, "t") : thingVisibleInScan(viewerId, "t");
  const row = await queryOne<{ ids: string[] }>(db, sql`
    with ${visibilityCtes(viewerId)}
    select array(
      select t.id from things t
      where ${visible} and ${filterConditions(filter)}
      order by t.created_at, t.id
      limit ${window.limit} offset ${window.offset}
    ) as ids`);
  return row?.ids ?? [];
}

export interface ThingSummary {
  ownerIds: string[];
  totalCount: number;
}

/**
 * Return the owners of the things `viewerId` may see, in the collation order of ids, and how
 * many things that is (`countThingsVisible`, so an estimate in the same cases).
 */
export async function summarizeThingsVisibleTo(db: Queryable, viewerId: string): Promise<ThingSummary> {
  const row = await queryOne<{ owner_ids: string[]; total_count: number }>(db, sql`
    with ${visibilityCtes(viewerId)}
    select array(select owner.owner_id from (${ownersOfThingsVisible(viewerId)}) as owner order by owner.owner_id) as owner_ids,
      ${countThingsVisible(viewerId)} as total_count`);
  return { ownerIds: row?.owner_ids ?? [], totalCount: row?.total_count ?? 0 };
}
