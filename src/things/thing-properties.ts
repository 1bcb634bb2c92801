import type { Queryable } from "../db/database.ts";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";
import type { PropertyInput } from "./property-input.ts";

/**
 * Replace the thing's properties with `properties`, in that order (`properties.pos`), with one
 * delete and one multi-row insert. Properties have no identity in the API, so they get new ids.
 * Datetimes go to PostgreSQL as the text the client sent and are converted there, which keeps
 * microseconds that a JavaScript Date would drop.
 */
export async function replaceProperties(tx: Queryable, thingId: string, properties: readonly PropertyInput[]): Promise<void> {
  await tx.query(sql`delete from properties where thing_id = ${thingId}`);
  if (properties.length === 0) return;

  const columns = {
    ids: properties.map(() => newId()),
    types: properties.map((property) => property.type),
    names: properties.map((property) => property.name),
    strings: properties.map((property) => (property.type === "string" ? property.value : null)),
    floats: properties.map((property) => (property.type === "float" ? property.value : null)),
    datetimes: properties.map((property) => (property.type === "datetime" ? property.value : null)),
    units: properties.map((property) => (property.type === "float" ? property.unit : null)),
  };
  await tx.query(sql`
    insert into properties (id, thing_id, pos, type, name, value_string, value_float, value_datetime, unit)
    select p.id, ${thingId}, p.position - 1, p.type::property_type, p.name, p.value_string, p.value_float,
      p.value_datetime::timestamptz, p.unit
    from unnest(
      ${columns.ids}::text[], ${columns.types}::text[], ${columns.names}::text[], ${columns.strings}::text[],
      ${columns.floats}::float8[], ${columns.datetimes}::text[], ${columns.units}::text[]
    ) with ordinality as p (id, type, name, value_string, value_float, value_datetime, unit, position)`);
}
