import type { Database } from "../db/database.ts";
import type { MailSite } from "../mail/templates/compose.ts";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";
import { checkThingsForList } from "./check-list-things.ts";
import type { CreateListInput } from "./list-input.ts";
import { notifyListChange, type ListActor } from "./list-notifications.ts";

/** Create a list owned by the viewer with the given things, and notify its audience. Returns its id. */
export async function createList(db: Database, site: MailSite, owner: ListActor, input: CreateListInput): Promise<string> {
  const ownerId = owner.id;
  const id = newId();
  await db.transaction(async (tx) => {
    const thingIds = await checkThingsForList(tx, ownerId, input.thingIds ?? []);
    await tx.query(sql`
      insert into lists (id, name, owner_id, sharing_state)
      values (${id}, ${input.name}, ${ownerId}, ${input.sharingState}::sharing_state)`);
    await tx.query(sql`insert into lists_things (list_id, thing_id) select ${id}, unnest(${thingIds}::text[])`);
    await notifyListChange(tx, {
      list: { id, ownerId, name: input.name },
      stateBefore: null,
      stateAfter: input.sharingState,
      addedThingIds: thingIds,
    }, site, owner);
  });
  return id;
}
