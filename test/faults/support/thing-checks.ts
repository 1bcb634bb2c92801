import type { Database } from "../../../src/db/database.ts";
import { sql } from "../../../src/db/sql.ts";

/** A thing the load created, as stored: how many properties and how much quantity it has. */
export interface StoredThing {
  id: string;
  name: string;
  properties: number;
  quantity: number;
}

/** Load every thing whose name starts with `prefix`, with its property count and quantity. */
export async function storedThingsNamed(db: Database, prefix: string): Promise<StoredThing[]> {
  return db.query<StoredThing>(sql`
    select t.id, t.name,
      (select count(*)::int from properties p where p.thing_id = t.id) as properties,
      (select coalesce(sum(q.delta_value), 0)::int from quantity_entries q where q.thing_id = t.id) as quantity
    from things t
    where t.name like ${`${prefix}-%`}`);
}
