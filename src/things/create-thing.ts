import type { Database } from "../db/database.ts";
import { newId } from "../db/ids.ts";
import type { MailSite } from "../mail/templates/compose.ts";
import { sql } from "../db/sql.ts";
import { loadThings } from "./load-things.ts";
import { rejectDuplicatePropertyNames } from "./property-input.ts";
import { setQuantityTotal } from "./quantity-ledger.ts";
import { requireImagesOfOwner, replaceImageLinks } from "./thing-images.ts";
import { rejectDuplicateImageIds, type CreateThingInput } from "./thing-input.ts";
import type { Thing } from "./thing-json.ts";
import { replaceProperties } from "./thing-properties.ts";
import { notifyNewViewers } from "./thing-sharing-effects.ts";

/**
 * Create a thing owned by `owner` with its properties, images and starting quantity, in one
 * transaction, and notify the audience of its sharing state. Returns the full Thing (the
 * original returned the reduced shape here, and clients had to fetch the thing again).
 */
export async function createThing(
  db: Database,
  site: MailSite,
  owner: { id: string; name: string },
  input: CreateThingInput,
): Promise<Thing> {
  rejectDuplicatePropertyNames(input.properties);
  rejectDuplicateImageIds(input.imagesIds);
  const thingId = newId();

  return db.transaction(async (tx) => {
    await requireImagesOfOwner(tx, owner.id, input.imagesIds);
    // Before the insert, while nobody can see the thing: its whole audience is new.
    if (input.sharingState !== "private") {
      await notifyNewViewers(tx, site, { id: thingId, name: input.name, owner }, input.sharingState);
    }
    await tx.query(sql`
      insert into things (id, name, owner_id, description, private_note, quantity_unit, sharing_state)
      values (${thingId}, ${input.name}, ${owner.id}, ${input.description}, ${input.privateNote},
        ${input.quantityUnit}, ${input.sharingState})`);
    await replaceProperties(tx, thingId, input.properties);
    await replaceImageLinks(tx, thingId, input.imagesIds);
    await setQuantityTotal(tx, thingId, input.quantity);

    const [thing] = await loadThings(tx, owner.id, [thingId]);
    if (!thing) throw new Error(`thing ${thingId} vanished inside its own creating transaction`);
    return thing;
  });
}
