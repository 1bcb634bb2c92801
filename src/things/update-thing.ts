import type { Database } from "../db/database.ts";
import { sql, type SqlFragment } from "../db/sql.ts";
import type { MailSite } from "../mail/templates/compose.ts";
import { loadThings } from "./load-things.ts";
import { lockThingOfOwner } from "./lock-thing-of-owner.ts";
import { rejectDuplicatePropertyNames } from "./property-input.ts";
import { setQuantityTotal } from "./quantity-ledger.ts";
import { requireImagesOfOwner, replaceImageLinks } from "./thing-images.ts";
import { rejectDuplicateImageIds, type PatchThingInput } from "./thing-input.ts";
import type { Thing } from "./thing-json.ts";
import { replaceProperties } from "./thing-properties.ts";
import { narrows, notifyNewViewers, removeFromCartsOfNonViewers, widens } from "./thing-sharing-effects.ts";

function assignments(input: PatchThingInput): SqlFragment[] {
  const columns: SqlFragment[] = [];
  if (input.name != null) columns.push(sql`name = ${input.name}`);
  if (input.description != null) columns.push(sql`description = ${input.description}`);
  if (input.privateNote != null) columns.push(sql`private_note = ${input.privateNote}`);
  if (input.quantityUnit != null) columns.push(sql`quantity_unit = ${input.quantityUnit}`);
  if (input.sharingState != null) columns.push(sql`sharing_state = ${input.sharingState}`);
  return columns;
}

/**
 * Change the fields given in `input` and leave the others as they are, in one transaction that
 * holds the thing's row lock. A wider sharing state notifies the users who could not see the
 * thing before. A narrower one takes it out of the carts of users who can no longer see it.
 */
export async function updateThing(
  db: Database,
  site: MailSite,
  viewer: { id: string; name: string },
  thingId: string,
  input: PatchThingInput,
): Promise<Thing> {
  if (input.properties != null) rejectDuplicatePropertyNames(input.properties);
  if (input.imagesIds != null) rejectDuplicateImageIds(input.imagesIds);

  return db.transaction(async (tx) => {
    const thing = await lockThingOfOwner(tx, viewer.id, thingId);
    if (input.imagesIds != null) await requireImagesOfOwner(tx, viewer.id, input.imagesIds);

    const after = input.sharingState ?? thing.sharingState;
    // Before the update, so that "who could see it before" is still the current audience.
    if (widens(thing.sharingState, after)) {
      await notifyNewViewers(tx, site, { id: thing.id, name: input.name ?? thing.name, owner: viewer }, after);
    }

    const columns = assignments(input);
    if (columns.length > 0) await tx.query(sql`update things set ${sql.join(columns)} where id = ${thingId}`);
    if (input.properties != null) await replaceProperties(tx, thingId, input.properties);
    if (input.imagesIds != null) await replaceImageLinks(tx, thingId, input.imagesIds);
    if (input.quantity != null) await setQuantityTotal(tx, thingId, input.quantity);
    if (narrows(thing.sharingState, after)) await removeFromCartsOfNonViewers(tx, thingId);

    const [updated] = await loadThings(tx, viewer.id, [thingId]);
    if (!updated) throw new Error(`thing ${thingId} vanished while its owner updated it`);
    return updated;
  });
}
