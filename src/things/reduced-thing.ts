import { sql, type SqlFragment } from "../db/sql.ts";
import { thingQuantity } from "./quantity-ledger.ts";
import { timestampJson, type ReducedThing } from "./thing-json.ts";

/** The columns `reducedThingColumns` selects, as both database drivers return them. */
export interface ReducedThingRow {
  id: string;
  name: string;
  description: string;
  private_note: string;
  created_at: Date | string;
  owner_id: string;
  owner_name: string;
  quantity: number;
}

/**
 * The select list for `ReducedThingRow` from `things` under `alias`, with the owner's name and
 * the ledger's quantity as correlated subqueries (one index lookup each per row), so callers
 * need no joins:
 *
 *   sql`select ${reducedThingColumns("t")} from things t where t.id = ${id}`
 *
 * It does not check visibility; filter the rows with `thingVisible` first.
 */
export function reducedThingColumns(alias: string): SqlFragment {
  const t = sql.raw(alias);
  return sql`${t}.id, ${t}.name, ${t}.description, ${t}.private_note, ${t}.created_at, ${t}.owner_id,
    (select u.name from users u where u.id = ${t}.owner_id) as owner_name,
    ${thingQuantity(alias)} as quantity`;
}

/** Render a ReducedThing for `viewerId`: the private note only for the owner. */
export function reducedThingJson(row: ReducedThingRow, viewerId: string): ReducedThing {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    privateNote: row.owner_id === viewerId ? row.private_note : null,
    createdAt: timestampJson(row.created_at),
    owner: { id: row.owner_id, name: row.owner_name },
    quantity: Number(row.quantity),
  };
}
