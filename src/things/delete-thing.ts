import type { Database } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { lockThingOfOwner } from "./lock-thing-of-owner.ts";

/**
 * Delete the thing and, by the schema's cascading foreign keys, its properties, quantity
 * entries, list memberships, image links, shares and cart entries, in one transaction. The
 * images themselves stay in the owner's gallery. Notifications that name the thing remain.
 */
export async function deleteThing(db: Database, viewerId: string, thingId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockThingOfOwner(tx, viewerId, thingId);
    await tx.query(sql`delete from things where id = ${thingId}`);
  });
}
