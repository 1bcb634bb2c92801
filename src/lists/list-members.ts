import { queryOne, type Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { Page } from "../http/pagination.ts";
import { offsetOf } from "../http/pagination.ts";

/**
 * Members of a list come back oldest thing first, with the id as tie-breaker, so pages are
 * stable. Membership itself has no order: the original stored none. The creation time is
 * looked up per member by primary key: joining `things` instead let the planner choose a scan
 * of the whole table for a batch of lists whose sizes it could not estimate.
 */
const memberOrder = sql`(select t.created_at from things t where t.id = lt.thing_id), lt.thing_id`;

/** Find one page of a list's thing ids and the number of all members, in one statement. */
export async function findMemberIdsPage(db: Queryable, listId: string, page: Page): Promise<{ ids: string[]; totalCount: number }> {
  const row = await queryOne<{ ids: string[]; total_count: number }>(db, sql`
    select
      (select count(*)::int from lists_things where list_id = ${listId}) as total_count,
      array(
        select lt.thing_id from lists_things lt
        where lt.list_id = ${listId}
        order by ${memberOrder}
        limit ${page.perPage} offset ${offsetOf(page)}
      ) as ids`);
  return { ids: row?.ids ?? [], totalCount: row?.total_count ?? 0 };
}

/** Find the first `perList` member ids and the member count of each list, keyed by list id. */
export async function findMemberPreviews(
  db: Queryable,
  listIds: string[],
  perList: number,
): Promise<Map<string, { ids: string[]; count: number }>> {
  const previews = new Map<string, { ids: string[]; count: number }>();
  if (listIds.length === 0) return previews;
  const rows = await db.query<{ list_id: string; ids: string[]; count: number }>(sql`
    select l.id as list_id,
      (select count(*)::int from lists_things lt where lt.list_id = l.id) as count,
      array(
        select lt.thing_id from lists_things lt
        where lt.list_id = l.id
        order by ${memberOrder}
        limit ${perList}
      ) as ids
    from unnest(${listIds}::text[]) as l (id)`);
  for (const row of rows) previews.set(row.list_id, { ids: row.ids, count: row.count });
  return previews;
}
