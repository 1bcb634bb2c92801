import { queryOne, type Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { forbidden, notFound } from "../http/errors.ts";
import { thingVisible, visibilityCtes } from "../shares/visibility.ts";
import type { SharingState } from "./thing-json.ts";

export interface LockedThing {
  id: string;
  name: string;
  ownerId: string;
  sharingState: SharingState;
}

/**
 * Lock the thing's row for the rest of the transaction, for a write by `viewerId`. A thing the
 * viewer cannot see, or no thing at all, is a 404 `Thing not found` (the same response, so ids
 * are not confirmed); one they can see but do not own is a 403. Writers of the quantity ledger
 * rely on this lock to serialise concurrent changes of one thing.
 */
export async function lockThingOfOwner(tx: Queryable, viewerId: string, thingId: string): Promise<LockedThing> {
  const row = await queryOne<{ id: string; name: string; owner_id: string; sharing_state: SharingState }>(
    tx,
    sql`
      with ${visibilityCtes(viewerId)}
      select t.id, t.name, t.owner_id, t.sharing_state from things t
      where t.id = ${thingId} and ${thingVisible(viewerId, "t")}
      for update of t`,
  );
  if (!row) throw notFound("Thing");
  if (row.owner_id !== viewerId) throw forbidden();
  return { id: row.id, name: row.name, ownerId: row.owner_id, sharingState: row.sharing_state };
}
