import { migrations as bundledMigrations, type Migration } from "../../migrations/index.ts";
import type { Database, Queryable } from "../db/database.ts";
import { migrate, migrationStatus } from "../db/migrate.ts";
import { sql } from "../db/sql.ts";
import type { Logger } from "../log/logger.ts";
import { ArchiveError, CHECKSUMS_PATH, checksumsSchema, classifyEntry, MANIFEST_PATH, manifestSchema, parseArchiveJson, type Checksums, type Manifest } from "./archive-format.ts";
import { identifier, readTablesInDependencyOrder, type TableInfo } from "./catalog.ts";
import { ImageStaging } from "./image-staging.ts";
import { releaseBatchMemory } from "./release-batch-memory.ts";
import { dropSecondaryIndexes, recreateIndexes } from "./secondary-indexes.ts";
import { migrationsUpToArchive, requireEmptyTables, requireSameSchema } from "./import-checks.ts";
import { TarReader } from "./tar-reader.ts";

export interface ImportOptions {
  db: Database;
  imageStorePath: string;
  log: Logger;
  input: ReadableStream<Uint8Array>;
  /** The migrations of this release; tests pass their own. */
  migrations?: readonly Migration[];
}

export interface ImportSummary {
  lastMigration: string;
  tables: { name: string; rows: number }[];
  imageFiles: number;
  missingImageFiles: string[];
  /** Migrations of this release newer than the archive, applied after the import. */
  migratedAfterImport: string[];
}

const decoder = new TextDecoder();

/**
 * Restore an archive written by `exportInstance` into an empty database and image store.
 *
 * The target is first migrated to exactly the archive's last migration (an archive from a
 * newer release, or a target already past the archive, is rejected). All rows then go in
 * within one transaction, table by table in foreign-key order, with the secondary indexes
 * dropped and rebuilt at the end. Image files are written under temporary names. Before the
 * commit every entry's checksum and every table's row count are checked and the image files
 * are renamed into place, so a damaged or truncated archive leaves no rows and no files.
 * Finally this release's newer migrations run, as `migrate` would run them.
 */
export async function importInstance(options: ImportOptions): Promise<ImportSummary> {
  const { db, log } = options;
  const bundled = options.migrations ?? bundledMigrations;
  const reader = new TarReader(options.input);

  const first = await reader.next();
  if (first?.path !== MANIFEST_PATH) {
    throw new ArchiveError(`not a StashSphere export: the first entry is ${first ? first.path : "missing"}, expected ${MANIFEST_PATH}`);
  }
  const manifest = parseArchiveJson(MANIFEST_PATH, await first.bytes(), manifestSchema);

  const status = await migrationStatus(db, { migrations: bundled });
  const upToArchive = migrationsUpToArchive(manifest, bundled, status);
  await requireEmptyTables(db, await readTablesInDependencyOrder(db));
  const applied = await migrate(db, { migrations: upToArchive });
  if (applied.length) log.info("migrated the target to the archive's schema", { count: applied.length, last: applied.at(-1) });

  const tables = await readTablesInDependencyOrder(db);
  requireSameSchema(manifest, tables);

  const staging = new ImageStaging(options.imageStorePath);
  let checksums: Checksums;
  try {
    checksums = await db.transaction(async (tx) => {
      // Checked again inside the transaction, in case a server started writing meanwhile.
      await requireEmptyTables(tx, tables);
      const indexes = await dropSecondaryIndexes(tx);
      const result = await loadEntries(tx, reader, tables, staging, () => releaseBatchMemory(db.kind));
      await recreateIndexes(tx, indexes);
      await verifyImport(tx, reader, manifest, result, staging);
      await advanceSequences(tx, tables);
      // Files go into place before the commit. If the commit then fails, the store keeps
      // unreferenced files, which is harmless. The reverse order could leave rows without files.
      await staging.publish();
      return result;
    });
  } catch (error) {
    await staging.discard();
    throw error;
  }
  log.info("imported the archive", { tables: tables.length, imageFiles: manifest.imageFiles - checksums.missingImageFiles.length });

  const migratedAfterImport = await migrate(db, { migrations: bundled });
  return {
    lastMigration: manifest.lastMigration,
    tables: manifest.tables.map((table) => ({ name: table.name, rows: table.rows })),
    imageFiles: manifest.imageFiles - checksums.missingImageFiles.length,
    missingImageFiles: checksums.missingImageFiles,
    migratedAfterImport,
  };
}

/** Insert every table batch and stage every image file; returns the closing checksum list. */
async function loadEntries(tx: Queryable, reader: TarReader, tables: readonly TableInfo[], staging: ImageStaging, afterBatch: () => void): Promise<Checksums> {
  const order = new Map(tables.map((table, index) => [table.name, index]));
  const byName = new Map(tables.map((table) => [table.name, table]));
  let currentTable = -1;

  for (let entry = await reader.next(); entry; entry = await reader.next()) {
    if (entry.path === CHECKSUMS_PATH) {
      const checksums = parseArchiveJson(CHECKSUMS_PATH, await entry.bytes(), checksumsSchema);
      if (await reader.next()) throw new ArchiveError(`${CHECKSUMS_PATH} must be the last entry of the archive`);
      return checksums;
    }
    const kind = classifyEntry(entry.path);
    if (kind?.kind === "table") {
      const position = order.get(kind.table);
      if (position === undefined) throw new ArchiveError(`${entry.path}: table ${kind.table} is not in the manifest`);
      // Batches go in as they arrive, which needs the tables in dependency order. An archive
      // that jumps back to an earlier table was not written by stashsphere export.
      if (position < currentTable) throw new ArchiveError(`${entry.path}: tables are out of foreign-key order`);
      currentTable = position;
      await insertBatch(tx, byName.get(kind.table) as TableInfo, entry.path, decoder.decode(await entry.bytes()));
      afterBatch();
    } else if (kind?.kind === "image") {
      await staging.stage(kind.hash, entry.chunks());
    } else {
      throw new ArchiveError(`unexpected archive entry ${entry.path}`);
    }
  }
  throw new ArchiveError(`the archive has no ${CHECKSUMS_PATH}: it is truncated`);
}

// Rows per INSERT statement. The embedded database parses each statement's JSON inside its
// WebAssembly memory, which grows to the largest statement and never shrinks.
const rowsPerStatement = 1_000;

/**
 * Insert one batch of JSON lines. `json_populate_recordset` turns each object back into a row
 * of the table's own types, so no value passes through a JavaScript type on the way.
 */
async function insertBatch(tx: Queryable, table: TableInfo, path: string, text: string): Promise<void> {
  const lines = text.split("\n").filter((line) => line !== "");
  const columns = sql.join(table.columns.map((column) => identifier(column.name)));
  const overriding = table.hasIdentityAlways ? sql`overriding system value` : sql.empty;
  for (let start = 0; start < lines.length; start += rowsPerStatement) {
    const rows = `[${lines.slice(start, start + rowsPerStatement).join(",")}]`;
    try {
      await tx.query(sql`
        insert into ${identifier(table.name)} (${columns}) ${overriding}
        select ${columns} from json_populate_recordset(null::${identifier(table.name)}, ${rows}::text::json)`);
    } catch (error) {
      throw new ArchiveError(`${path}: rows could not be inserted into ${table.name}: ${(error as Error).message}`);
    }
  }
}

async function verifyImport(tx: Queryable, reader: TarReader, manifest: Manifest, checksums: Checksums, staging: ImageStaging): Promise<void> {
  for (const [path, digest] of reader.checksums) {
    if (path === CHECKSUMS_PATH) continue;
    const expected = checksums.entries[path];
    if (expected === undefined) throw new ArchiveError(`${path} is not listed in ${CHECKSUMS_PATH}`);
    if (expected !== digest) throw new ArchiveError(`${path} is damaged: its SHA-256 differs from the one in ${CHECKSUMS_PATH}`);
  }
  for (const path of Object.keys(checksums.entries)) {
    if (!reader.checksums.has(path)) throw new ArchiveError(`${path} is listed in ${CHECKSUMS_PATH} but not in the archive`);
  }

  for (const table of manifest.tables) {
    const [row] = await tx.query<{ count: number }>(sql`select count(*)::int as count from ${identifier(table.name)}`);
    if (row?.count !== table.rows) throw new ArchiveError(`${table.name}: the archive promises ${table.rows} rows, ${row?.count ?? 0} were imported`);
  }
  const expectedFiles = manifest.imageFiles - checksums.missingImageFiles.length;
  if (staging.count !== expectedFiles) throw new ArchiveError(`the archive promises ${expectedFiles} image files, it contains ${staging.count}`);
}

/** Move identity and serial sequences past the imported values, so new rows get fresh ids. */
async function advanceSequences(tx: Queryable, tables: readonly TableInfo[]): Promise<void> {
  for (const table of tables) {
    for (const column of table.columns) {
      if (!column.sequence) continue;
      await tx.query(sql`
        select setval(${column.sequence}::regclass, coalesce(max(${identifier(column.name)}), 0) + 1, false)
        from ${identifier(table.name)}`);
    }
  }
}
