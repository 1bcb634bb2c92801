import type { Database } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { checkThingsForList } from "./check-list-things.ts";
import { findListForChange } from "./find-list.ts";

// Cart entries of things that a removal or deletion hides from someone are not deleted here:
// the cart reads through the visibility rule and prunes such entries when it is next written.

/** Take one thing out of a list the viewer owns. Idempotent for a thing that is not a member. */
export async function removeThingFromList(db: Database, viewerId: string, listId: string, thingId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await findListForChange(tx, viewerId, listId);
    const deleted = await tx.query(sql`delete from lists_things where list_id = ${listId} and thing_id = ${thingId} returning thing_id`);
    // Removing a non-member succeeds for the owner's own things, so a retried request is
    // harmless. Any other thing gets the same 404 or 403 as when adding it.
    if (deleted.length === 0) await checkThingsForList(tx, viewerId, [thingId]);
  });
}

/**
 * Delete a list the viewer owns. Its things stay; its memberships and direct shares go with it
 * through the foreign keys' ON DELETE CASCADE.
 */
export async function deleteList(db: Database, viewerId: string, listId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await findListForChange(tx, viewerId, listId);
    await tx.query(sql`delete from lists where id = ${listId}`);
  });
}
