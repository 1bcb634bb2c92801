import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { thingVisible, visibilityCtes } from "../shares/visibility.ts";

/** The Thing JSON of the API, as lists and search embed it. */
export interface Thing {
  id: string;
  name: string;
  description: string;
  privateNote: string | null;
  createdAt: string;
  owner: { id: string; name: string };
  lists: unknown[];
  images: unknown[];
  properties: unknown[];
  shares: unknown[];
  sharingState: string | null;
  actions: { canEdit: boolean; canDelete: boolean; canShare: boolean };
  quantity: number;
  quantityUnit: string;
}

interface ThingRow {
  id: string;
  name: string;
  description: string;
  private_note: string;
  created_at: Date;
  owner_id: string;
  owner_name: string;
  sharing_state: string;
  quantity: number;
  quantity_unit: string;
}

/**
 * Load the things among `thingIds` that the viewer may see, in the order given.
 *
 * NOTE: a stand-in until the things feature's `loadThings` lands: it fills only the scalar
 * fields, leaving `lists`, `images`, `properties` and `shares` empty.
 */
export async function loadThings(db: Queryable, viewerId: string, thingIds: string[]): Promise<Thing[]> {
  if (thingIds.length === 0) return [];
  const rows = await db.query<ThingRow>(sql`
    with ${visibilityCtes(viewerId)}
    select t.id, t.name, t.description, t.private_note, t.created_at, t.owner_id, u.name as owner_name,
           t.sharing_state, t.quantity_unit,
           coalesce((select sum(q.delta_value) from quantity_entries q where q.thing_id = t.id), 0)::float8 as quantity
    from unnest(${thingIds}::text[]) with ordinality as wanted (id, position)
    join things t on t.id = wanted.id
    join users u on u.id = t.owner_id
    where ${thingVisible(viewerId, "t")}
    order by wanted.position`);
  return rows.map((row) => {
    const owned = row.owner_id === viewerId;
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      privateNote: owned ? row.private_note : null,
      createdAt: row.created_at.toISOString(),
      owner: { id: row.owner_id, name: row.owner_name },
      lists: [],
      images: [],
      properties: [],
      shares: [],
      sharingState: owned ? row.sharing_state : null,
      actions: { canEdit: owned, canDelete: owned, canShare: owned },
      quantity: Number(row.quantity),
      quantityUnit: row.quantity_unit,
    };
  });
}
