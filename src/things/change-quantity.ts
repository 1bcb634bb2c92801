import type { Database } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { loadThings } from "./load-things.ts";
import { lockThingOfOwner } from "./lock-thing-of-owner.ts";
import { addToQuantity } from "./quantity-ledger.ts";
import type { QuantityChangeInput } from "./thing-input.ts";
import type { Thing } from "./thing-json.ts";

/**
 * Add `input.delta` to the thing's quantity (and set its unit when given). The row lock makes
 * concurrent changes add up: two requests of +1 give +2. A result below 0 is rejected.
 */
export async function changeQuantity(db: Database, viewerId: string, thingId: string, input: QuantityChangeInput): Promise<Thing> {
  return db.transaction(async (tx) => {
    await lockThingOfOwner(tx, viewerId, thingId);
    await addToQuantity(tx, thingId, input.delta);
    if (input.unit != null) await tx.query(sql`update things set quantity_unit = ${input.unit} where id = ${thingId}`);

    const [thing] = await loadThings(tx, viewerId, [thingId]);
    if (!thing) throw new Error(`thing ${thingId} vanished while its owner changed its quantity`);
    return thing;
  });
}
