import type { Queryable } from "../db/database.ts";
import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { offsetOf, type Page } from "../http/pagination.ts";
import { listVisible, visibilityCtes } from "../shares/visibility.ts";
import { listRowColumns, type ListRow } from "./list-json.ts";

/**
 * Find one page of the lists the viewer may see, oldest first with the id as tie-breaker, and
 * count all of them. `ownerIds` narrows the result to lists of those owners; it never
 * widens it.
 */
export async function listListsVisibleTo(
  db: Queryable,
  viewerId: string,
  options: { ownerIds?: string[]; page: Page },
): Promise<{ rows: ListRow[]; totalCount: number }> {
  const ownerFilter = options.ownerIds ? sql`and l.owner_id = any(${options.ownerIds}::text[])` : sql.empty;
  const rows = await db.query<ListRow>(sql`
    with ${visibilityCtes(viewerId)}
    select ${listRowColumns}
    from lists l join users u on u.id = l.owner_id
    where ${listVisible(viewerId, "l")} ${ownerFilter}
    order by l.created_at, l.id
    limit ${options.page.perPage} offset ${offsetOf(options.page)}`);
  const count = await queryOne<{ total_count: number }>(db, sql`
    with ${visibilityCtes(viewerId)}
    select count(*)::int as total_count from lists l
    where ${listVisible(viewerId, "l")} ${ownerFilter}`);
  return { rows, totalCount: count?.total_count ?? 0 };
}

/** Find the lists among `listIds` that the viewer may see, in the order given. */
export function findListsVisibleTo(db: Queryable, viewerId: string, listIds: string[]): Promise<ListRow[]> {
  if (listIds.length === 0) return Promise.resolve([]);
  return db.query<ListRow>(sql`
    with ${visibilityCtes(viewerId)}
    select ${listRowColumns}
    from unnest(${listIds}::text[]) with ordinality as wanted (id, position)
    join lists l on l.id = wanted.id
    join users u on u.id = l.owner_id
    where ${listVisible(viewerId, "l")}
    order by wanted.position`);
}
