import type { Database } from "../../../src/db/database.ts";
import { sql } from "../../../src/db/sql.ts";

/** A thing the load created, as stored: how many properties and images, how much quantity. */
export interface StoredThing {
  id: string;
  name: string;
  properties: number;
  quantity: number;
  images: number;
}

/** Load every thing whose name starts with `prefix`, with its property count and quantity. */
export async function storedThingsNamed(db: Database, prefix: string): Promise<StoredThing[]> {
  return db.query<StoredThing>(sql`
    select t.id, t.name,
      (select count(*)::int from properties p where p.thing_id = t.id) as properties,
      (select coalesce(sum(q.delta_value), 0)::int from quantity_entries q where q.thing_id = t.id) as quantity,
      (select count(*)::int from images_things i where i.thing_id = t.id) as images
    from things t
    where t.name like ${`${prefix}-%`}`);
}

/** A list the load created, with how many things it holds. */
export interface StoredList {
  name: string;
  things: number;
}

/** Load every list whose name starts with `prefix`, with its member count. */
export async function storedListsNamed(db: Database, prefix: string): Promise<StoredList[]> {
  return db.query<StoredList>(sql`
    select l.name, (select count(*)::int from lists_things m where m.list_id = l.id) as things
    from lists l
    where l.name like ${`${prefix}-%`}`);
}
