import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { AppError, forbidden } from "../http/errors.ts";
import { thingVisible, visibilityCtes } from "../shares/visibility.ts";

interface CheckedThing {
  id: string;
  position: number;
  owner_id: string | null;
  visible: boolean;
}

/**
 * Check that every id names a thing the list owner owns, and return the ids without
 * duplicates, in the order first given. One statement for all ids.
 *
 * A list holds only its owner's things, because putting a thing in a list publishes it to
 * the list's audience whatever the thing's own sharing state: only the thing's owner may
 * decide that. So an id the owner cannot see is a 404 naming it, and another user's thing
 * that the owner can see is a 403.
 */
export async function checkThingsForList(db: Queryable, ownerId: string, thingIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(thingIds)];
  if (unique.length === 0) return [];
  const rows = await db.query<CheckedThing>(sql`
    with ${visibilityCtes(ownerId)}
    select wanted.id, wanted.position::int as position, t.owner_id, coalesce(${thingVisible(ownerId, "t")}, false) as visible
    from unnest(${unique}::text[]) with ordinality as wanted (id, position)
    left join things t on t.id = wanted.id
    order by wanted.position`);

  for (const row of rows) {
    if (!row.visible) {
      const field = `thingIds[${thingIds.indexOf(row.id)}]`;
      throw new AppError("not_found", `Thing ${row.id} not found`, { field });
    }
  }
  if (rows.some((row) => row.owner_id !== ownerId)) throw forbidden();
  return unique;
}
