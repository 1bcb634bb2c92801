import { queryOne, type Queryable } from "../db/database.ts";
import { newId } from "../db/ids.ts";
import { sql, type SqlFragment } from "../db/sql.ts";
import { invalidInput } from "../http/errors.ts";

/**
 * A thing's quantity is the sum of its signed entries in `quantity_entries`, an append-only
 * ledger kept from the original. A write appends one entry with the difference, and only when
 * there is one. Totals are whole numbers from 0 to `maxQuantity`.
 *
 * Writers must hold the thing's row lock (`lockThingOfOwner`) while they read the current sum
 * and append: two requests adding 1 at the same time then add 2, where the original lost one.
 */
export const maxQuantity = Number.MAX_SAFE_INTEGER;

/**
 * The quantity of the thing under `alias`, as a correlated subquery. float8, because
 * postgres.js returns bigint and numeric as strings; totals stay below 2^53, so it is exact.
 */
export function thingQuantity(alias: string): SqlFragment {
  return sql`(select coalesce(sum(q.delta_value), 0)::float8 from quantity_entries q where q.thing_id = ${sql.raw(alias)}.id)`;
}

async function currentQuantity(tx: Queryable, thingId: string): Promise<number> {
  const row = await queryOne<{ quantity: number }>(
    tx,
    sql`select coalesce(sum(delta_value), 0)::float8 as quantity from quantity_entries where thing_id = ${thingId}`,
  );
  return Number(row?.quantity ?? 0);
}

async function appendEntry(tx: Queryable, thingId: string, delta: number): Promise<void> {
  if (delta === 0) return;
  await tx.query(sql`insert into quantity_entries (id, thing_id, delta_value) values (${newId()}, ${thingId}, ${delta}::bigint)`);
}

/** Set the total, appending the difference to the current total when there is one. */
export async function setQuantityTotal(tx: Queryable, thingId: string, total: number): Promise<void> {
  await appendEntry(tx, thingId, total - (await currentQuantity(tx, thingId)));
}

/**
 * Add `delta` (negative to take away) and return the new total. A result below 0 or above
 * `maxQuantity` is rejected with a 400 naming the current total, and nothing is written.
 */
export async function addToQuantity(tx: Queryable, thingId: string, delta: number): Promise<number> {
  const current = await currentQuantity(tx, thingId);
  const total = current + delta;
  if (total < 0) {
    throw invalidInput(`delta: the quantity is ${current}, so it cannot go down by ${-delta}; a quantity is never below 0`, "delta");
  }
  if (total > maxQuantity) throw invalidInput(`delta: the quantity would exceed ${maxQuantity}`, "delta");
  await appendEntry(tx, thingId, delta);
  return total;
}
