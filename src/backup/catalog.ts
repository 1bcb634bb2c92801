import type { Queryable } from "../db/database.ts";
import { sql, type SqlFragment } from "../db/sql.ts";

/** Migration bookkeeping: written by `migrate`, never exported or imported. */
export const bookkeepingTables: ReadonlySet<string> = new Set(["stashsphere_migrations", "schema_migrations"]);

/** Kept by triggers from other tables: never exported, and rebuilt by those triggers as rows are imported. */
export const derivedTables: ReadonlySet<string> = new Set(["sharing_counts", "search_vocabulary", "search_vocabulary_doubts"]);

export interface ColumnInfo {
  name: string;
  /** The type as `format_type` prints it, e.g. `timestamp with time zone`, `character varying(255)`. */
  type: string;
  /** Set for identity and serial columns: the sequence to advance after an import. */
  sequence: string | null;
}

export interface TableInfo {
  name: string;
  /** Every stored column in table order; generated columns are left out because they cannot be inserted. */
  columns: ColumnInfo[];
  primaryKey: string[];
  /** Other tables this table's foreign keys reference. */
  references: string[];
  /** A `GENERATED ALWAYS AS IDENTITY` column needs `OVERRIDING SYSTEM VALUE` to take stored values. */
  hasIdentityAlways: boolean;
}

/** Quote a name from the catalog as an SQL identifier and paste it into a statement. */
export function identifier(name: string): SqlFragment {
  return sql.raw(`"${name.replaceAll('"', '""')}"`);
}

/**
 * Read the tables of the current schema from the catalog, bookkeeping and derived tables left
 * out, in an order where every table comes after the tables its foreign keys reference.
 *
 * NOTE: a table whose foreign key references itself would need its rows in parent-first order.
 * No table of the schema has one, so rows within a table keep primary-key order only.
 */
export async function readTablesInDependencyOrder(db: Queryable): Promise<TableInfo[]> {
  const columns = await db.query<{ table_name: string; column_name: string; type: string; identity: string; sequence: string | null }>(sql`
    select c.relname as table_name, a.attname as column_name, format_type(a.atttypid, a.atttypmod) as type,
           a.attidentity::text as identity, pg_get_serial_sequence(quote_ident(c.relname), a.attname) as sequence
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    where c.relnamespace = (select oid from pg_namespace where nspname = current_schema()) and c.relkind in ('r', 'p') and not c.relispartition
      and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    order by c.relname, a.attnum`);
  const primaryKeys = await db.query<{ table_name: string; columns: string[] }>(sql`
    select c.relname as table_name, array_agg(a.attname::text order by key.position)::text[] as columns
    from pg_constraint con
    join pg_class c on c.oid = con.conrelid
    cross join lateral unnest(con.conkey) with ordinality as key (attnum, position)
    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = key.attnum
    where con.contype = 'p' and c.relnamespace = (select oid from pg_namespace where nspname = current_schema())
    group by c.relname`);
  const foreignKeys = await db.query<{ table_name: string; referenced: string }>(sql`
    select distinct c.relname as table_name, r.relname as referenced
    from pg_constraint con
    join pg_class c on c.oid = con.conrelid
    join pg_class r on r.oid = con.confrelid
    where con.contype = 'f' and c.relnamespace = (select oid from pg_namespace where nspname = current_schema())`);

  const tables = new Map<string, TableInfo>();
  for (const row of columns) {
    if (bookkeepingTables.has(row.table_name) || derivedTables.has(row.table_name)) continue;
    let table = tables.get(row.table_name);
    if (!table) {
      table = { name: row.table_name, columns: [], primaryKey: [], references: [], hasIdentityAlways: false };
      tables.set(row.table_name, table);
    }
    table.columns.push({ name: row.column_name, type: row.type, sequence: row.sequence });
    if (row.identity === "a") table.hasIdentityAlways = true;
  }
  for (const row of primaryKeys) {
    const table = tables.get(row.table_name);
    if (table) table.primaryKey = row.columns;
  }
  for (const row of foreignKeys) {
    const table = tables.get(row.table_name);
    if (table && row.referenced !== row.table_name && tables.has(row.referenced)) table.references.push(row.referenced);
  }
  return sortByDependencies([...tables.values()]);
}

/** Kahn's algorithm, taking ready tables in name order so the result is the same every time. */
export function sortByDependencies(tables: readonly TableInfo[]): TableInfo[] {
  const remaining = new Map(tables.map((table) => [table.name, new Set(table.references)]));
  const byName = new Map(tables.map((table) => [table.name, table]));
  const sorted: TableInfo[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining].filter(([, references]) => references.size === 0).map(([name]) => name).sort();
    if (ready.length === 0) {
      throw new Error(`foreign keys form a cycle between ${[...remaining.keys()].sort().join(", ")}; these tables cannot be ordered for an import`);
    }
    for (const name of ready) {
      remaining.delete(name);
      sorted.push(byName.get(name) as TableInfo);
      for (const references of remaining.values()) references.delete(name);
    }
  }
  return sorted;
}
