import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { bookkeepingTables } from "./catalog.ts";

export interface IndexDefinition {
  /** The name as `regclass` prints it, quoted where needed. */
  name: string;
  /** The `CREATE INDEX` statement from `pg_get_indexdef`. */
  definition: string;
}

/**
 * Drop every index of the current schema that no constraint owns and return their definitions.
 * Building an index once after a bulk load is much faster than updating it row by row,
 * above all the trigram indexes of the search. Indexes behind primary keys, unique and
 * exclusion constraints stay, because the load relies on them to reject duplicates.
 */
export async function dropSecondaryIndexes(tx: Queryable): Promise<IndexDefinition[]> {
  const indexes = await tx.query<{ table_name: string } & IndexDefinition>(sql`
    select c.relname as table_name, i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    where c.relnamespace = (select oid from pg_namespace where nspname = current_schema())
      and not exists (select from pg_constraint k where k.conindid = i.indexrelid)
    order by 2`);
  const dropped = indexes.filter((index) => !bookkeepingTables.has(index.table_name));
  // The names and definitions come from the catalog, not from the archive.
  for (const index of dropped) await tx.query(sql`drop index ${sql.raw(index.name)}`);
  return dropped.map(({ name, definition }) => ({ name, definition }));
}

/** Create the indexes `dropSecondaryIndexes` dropped. */
export async function recreateIndexes(tx: Queryable, indexes: readonly IndexDefinition[]): Promise<void> {
  for (const index of indexes) await tx.query(sql.raw(index.definition));
}
