import type { Database, Queryable } from "../db/database.ts";
import type { MailSite } from "../mail/templates/compose.ts";
import { sql } from "../db/sql.ts";
import { checkThingsForList } from "./check-list-things.ts";
import { findListForChange } from "./find-list.ts";
import type { PatchListInput } from "./list-input.ts";
import { notifyListChange, type ListActor } from "./list-notifications.ts";

/**
 * Apply a partial change to a list the viewer owns: only the fields present change, and
 * `thingIds`, when present, becomes the whole membership. Notifies the users the change
 * concerns. Throws 404 when the viewer cannot see the list, 403 when they do not own it.
 */
export async function changeList(db: Database, site: MailSite, viewer: ListActor, listId: string, input: PatchListInput): Promise<void> {
  const viewerId = viewer.id;
  await db.transaction(async (tx) => {
    const list = await findListForChange(tx, viewerId, listId);
    const stateAfter = input.sharingState ?? list.sharing_state;

    let addedThingIds: string[] = [];
    if (input.thingIds !== undefined) {
      const thingIds = await checkThingsForList(tx, viewerId, input.thingIds);
      addedThingIds = await replaceMembers(tx, listId, thingIds);
    }
    if (input.name !== undefined || input.sharingState !== undefined) {
      await tx.query(sql`
        update lists set name = ${input.name ?? list.name}, sharing_state = ${stateAfter}::sharing_state
        where id = ${listId}`);
    }

    await notifyListChange(tx, {
      list: { id: listId, ownerId: list.owner_id, name: input.name ?? list.name },
      stateBefore: list.sharing_state,
      stateAfter,
      addedThingIds,
    }, site, viewer);
  });
}

/** Make `thingIds` the list's members; returns the ids that were not members before. */
async function replaceMembers(tx: Queryable, listId: string, thingIds: string[]): Promise<string[]> {
  await tx.query(sql`delete from lists_things where list_id = ${listId} and thing_id <> all(${thingIds}::text[])`);
  const added = await tx.query<{ thing_id: string }>(sql`
    insert into lists_things (list_id, thing_id) select ${listId}, unnest(${thingIds}::text[])
    on conflict do nothing
    returning thing_id`);
  return added.map((row) => row.thing_id);
}

/**
 * Put one thing the viewer owns into a list they own. Idempotent: adding a member again
 * changes nothing and notifies nobody.
 */
export async function addThingToList(db: Database, site: MailSite, viewer: ListActor, listId: string, thingId: string): Promise<void> {
  const viewerId = viewer.id;
  await db.transaction(async (tx) => {
    const list = await findListForChange(tx, viewerId, listId);
    await checkThingsForList(tx, viewerId, [thingId]);
    const added = await tx.query<{ thing_id: string }>(sql`
      insert into lists_things (list_id, thing_id) values (${listId}, ${thingId})
      on conflict do nothing
      returning thing_id`);
    await notifyListChange(tx, {
      list: { id: listId, ownerId: list.owner_id, name: list.name },
      stateBefore: list.sharing_state,
      stateAfter: list.sharing_state,
      addedThingIds: added.map((row) => row.thing_id),
    }, site, viewer);
  });
}
