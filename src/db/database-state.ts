import { queryOne, type Queryable } from "./database.ts";
import { sql } from "./sql.ts";

/**
 * The golang-migrate version of the original StashSphere's last migration. Our baseline
 * migration recreates exactly the schema at this version, so a database the original left
 * there is taken over by recording the baseline as applied.
 */
export const ADOPTABLE_ORIGINAL_VERSION = "20260206120000";

/** The kind of database the migration runner found, before touching it. */
export type DatabaseState =
  /** Migrated by this implementation: `stashsphere_migrations` exists. */
  | { kind: "managed" }
  /** No tables at all: every migration will run. */
  | { kind: "empty" }
  /** Migrated by the original to the version our baseline recreates. */
  | { kind: "adoptable"; originalVersion: string }
  /** Anything the runner must not touch, with the reason in words for the operator. */
  | { kind: "rejected"; reason: string };

interface Catalog {
  managed: boolean;
  original: boolean;
  tables: string[];
}

const shownTables = 5;

/** Classifies the database in the current schema; reads only, so it is safe under `serve`. */
export async function inspectDatabase(db: Queryable): Promise<DatabaseState> {
  const catalog = await queryOne<Catalog>(
    db,
    sql`
      select
        to_regclass('stashsphere_migrations') is not null as managed,
        to_regclass('schema_migrations') is not null as original,
        array(
          select relname::text
          from pg_class
          where relnamespace = (select oid from pg_namespace where nspname = current_schema())
            and relkind in ('r', 'p')
            and relname <> 'schema_migrations'
          order by relname
          limit ${shownTables + 1}
        ) as tables
    `,
  );
  if (!catalog) throw new Error("the catalog query returned no row");

  if (catalog.managed) return { kind: "managed" };
  if (catalog.original) return inspectOriginalBookkeeping(db, catalog.tables);
  if (catalog.tables.length > 0) return { kind: "rejected", reason: describeForeignDatabase(catalog.tables) };
  return { kind: "empty" };
}

async function inspectOriginalBookkeeping(db: Queryable, tables: string[]): Promise<DatabaseState> {
  // golang-migrate keeps a single row: the version of the last migration it started, and
  // whether that migration failed before it finished (dirty).
  const rows = await db.query<{ version: string; dirty: boolean }>(
    sql`select version::text as version, dirty from schema_migrations`,
  );

  if (rows.length === 0) {
    // The original created its bookkeeping table but never ran a migration.
    return tables.length > 0 ? { kind: "rejected", reason: describeForeignDatabase(tables) } : { kind: "empty" };
  }
  if (rows.length > 1) {
    return {
      kind: "rejected",
      reason: `database has ${rows.length} rows in the original StashSphere's schema_migrations table, where golang-migrate keeps exactly one; repair that table first`,
    };
  }

  const { version, dirty } = rows[0]!;
  if (dirty) {
    return {
      kind: "rejected",
      reason: `database was migrated by the original StashSphere to version ${version}, which is marked dirty: a migration of the original failed half-way; repair it first (complete or undo that migration by hand, then clear the flag with golang-migrate's "force" command)`,
    };
  }
  if (version === ADOPTABLE_ORIGINAL_VERSION) return { kind: "adoptable", originalVersion: version };
  if (BigInt(version) < BigInt(ADOPTABLE_ORIGINAL_VERSION)) {
    return {
      kind: "rejected",
      reason: `database was migrated by the original StashSphere to version ${version}; upgrade it with the original to ${ADOPTABLE_ORIGINAL_VERSION} first`,
    };
  }
  return {
    kind: "rejected",
    reason: `database was migrated by a newer original StashSphere (version ${version}) than this release can take over (version ${ADOPTABLE_ORIGINAL_VERSION})`,
  };
}

function describeForeignDatabase(tables: string[]): string {
  const names = tables.slice(0, shownTables).join(", ") + (tables.length > shownTables ? ", …" : "");
  return `database has tables (${names}) but no migration bookkeeping of StashSphere (stashsphere_migrations) or of the original (schema_migrations), so it is not a StashSphere database; configure an empty database instead`;
}
