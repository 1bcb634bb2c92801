import type { Queryable } from "../db/database.ts";
import type { Migration, MigrationStatus } from "../db/migrate.ts";
import { sql } from "../db/sql.ts";
import { ArchiveError, type Manifest } from "./archive-format.ts";
import { identifier, type TableInfo } from "./catalog.ts";

/**
 * Returns the migrations that bring the target to exactly the archive's schema. Rejects an
 * archive from a newer release and a target whose schema is already past the archive's.
 */
export function migrationsUpToArchive(manifest: Manifest, bundled: readonly Migration[], status: MigrationStatus): Migration[] {
  const index = bundled.findIndex((migration) => migration.name === manifest.lastMigration);
  if (index < 0) {
    throw new ArchiveError(
      `the archive's schema is at migration ${manifest.lastMigration}, which this release does not contain: it was exported by a newer StashSphere (${manifest.stashsphereVersion}); import it with that release or a later one`,
    );
  }
  if (status.rejection) throw new ArchiveError(`cannot import into this database: ${status.rejection}`);
  const wanted = bundled.slice(0, index + 1);
  const wantedNames = new Set(wanted.map((migration) => migration.name));
  const ahead = status.applied.filter((name) => !wantedNames.has(name));
  if (ahead.length > 0) {
    throw new ArchiveError(
      `the target database is already migrated past the archive (it has ${ahead.at(-1)}, the archive stops at ${manifest.lastMigration}); import into a new, empty database`,
    );
  }
  return wanted;
}

/** Throws naming every table of `tables` that has rows. */
export async function requireEmptyTables(db: Queryable, tables: readonly TableInfo[]): Promise<void> {
  const filled: string[] = [];
  for (const table of tables) {
    const [row] = await db.query<{ filled: boolean }>(sql`select exists (select from ${identifier(table.name)}) as filled`);
    if (row?.filled) filled.push(table.name);
  }
  if (filled.length > 0) {
    throw new ArchiveError(`the target database is not empty (rows in ${filled.join(", ")}); import only into a new, empty database`);
  }
}

/**
 * Throws unless the target has the archive's tables with the same column names and types.
 * Column order may differ: a database adopted from the original server has its columns in the
 * order of that server's migration history, and inserts name every column.
 */
export function requireSameSchema(manifest: Manifest, tables: readonly TableInfo[]): void {
  const describe = (columns: readonly { name: string; type: string }[]) =>
    columns
      .map((column) => `${column.name} ${column.type}`)
      .sort()
      .join(", ");
  const target = new Map(tables.map((table) => [table.name, describe(table.columns)]));
  const archived = new Map(manifest.tables.map((table) => [table.name, describe(table.columns)]));
  const problems: string[] = [];
  for (const name of archived.keys()) if (!target.has(name)) problems.push(`table ${name} is missing in the target`);
  for (const name of target.keys()) if (!archived.has(name)) problems.push(`table ${name} is not in the archive`);
  for (const [name, columns] of archived) {
    const targetColumns = target.get(name);
    if (targetColumns !== undefined && targetColumns !== columns) problems.push(`${name} has columns (${targetColumns}) in the target but (${columns}) in the archive`);
  }
  if (problems.length > 0) {
    throw new ArchiveError(`the target's schema differs from the archive's at the same migration ${manifest.lastMigration}: ${problems.join("; ")}`);
  }
}
