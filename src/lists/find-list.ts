import { queryOne, type Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { forbidden, notFound } from "../http/errors.ts";
import { listVisible, visibilityCtes } from "../shares/visibility.ts";
import { listRowColumns, type ListRow } from "./list-json.ts";

/** Find a list the viewer may see; undefined both for unknown ids and for lists hidden from them. */
export function findListVisibleTo(db: Queryable, viewerId: string, listId: string): Promise<ListRow | undefined> {
  return queryOne<ListRow>(db, sql`
    with ${visibilityCtes(viewerId)}
    select ${listRowColumns}
    from lists l join users u on u.id = l.owner_id
    where l.id = ${listId} and ${listVisible(viewerId, "l")}`);
}

/**
 * Find a list the viewer is about to change and lock its row until the transaction ends, so
 * concurrent changes of its state or membership apply one after the other and each sees the
 * state the other left. Throws 404 when the viewer cannot see the list and 403 when they see
 * it but do not own it.
 */
export async function findListForChange(tx: Queryable, viewerId: string, listId: string): Promise<ListRow> {
  const list = await queryOne<ListRow>(tx, sql`
    with ${visibilityCtes(viewerId)}
    select ${listRowColumns}
    from lists l join users u on u.id = l.owner_id
    where l.id = ${listId} and ${listVisible(viewerId, "l")}
    for update of l`);
  if (!list) throw notFound("List");
  if (list.owner_id !== viewerId) throw forbidden();
  return list;
}
