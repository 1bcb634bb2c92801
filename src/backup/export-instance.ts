import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { Database, Queryable } from "../db/database.ts";
import { migrationStatus } from "../db/migrate.ts";
import { sql } from "../db/sql.ts";
import type { Logger } from "../log/logger.ts";
import { ArchiveError, CHECKSUMS_PATH, FORMAT_NAME, FORMAT_VERSION, imageFileName, imagePath, MANIFEST_PATH, tableBatchPath, type Checksums, type Manifest } from "./archive-format.ts";
import { identifier, readTablesInDependencyOrder, type TableInfo } from "./catalog.ts";
import { releaseBatchMemory } from "./release-batch-memory.ts";
import { TarWriter } from "./tar-writer.ts";

export interface ExportOptions {
  db: Database;
  imageStorePath: string;
  log: Logger;
  output: WritableStream<Uint8Array>;
  stashsphereVersion: string;
  /** Rows per archive entry; an entry also ends at `batchBytes`. */
  batchRows?: number;
  batchBytes?: number;
}

export interface ExportSummary {
  lastMigration: string;
  tables: { name: string; rows: number }[];
  imageFiles: number;
  missingImageFiles: string[];
  /** Size of the tar data before any compression. */
  archiveBytes: number;
}

const encoder = new TextEncoder();
const fetchSize = 1_000;

/**
 * Write every table's rows and every image file the `images` table refers to into a tar
 * archive on `output`, which is closed at the end.
 *
 * All reads happen in one REPEATABLE READ, READ ONLY transaction, so the archive is one
 * consistent snapshot even while a server writes to PostgreSQL; on the embedded database the
 * exporting process is the only session anyway. Rows are read through a cursor and written in
 * batches, and files are streamed, so memory stays bounded by one batch.
 */
export async function exportInstance(options: ExportOptions): Promise<ExportSummary> {
  const writer = options.output.getWriter();
  try {
    const summary = await writeArchive(new TarWriter(writer), options);
    await writer.close();
    return summary;
  } catch (error) {
    await writer.abort(error).catch(() => {});
    throw error;
  }
}

function writeArchive(tar: TarWriter, options: ExportOptions): Promise<ExportSummary> {
  const { db, log } = options;
  return db.transaction(async (tx) => {
    await tx.query(sql`set transaction isolation level repeatable read, read only`);
    const lastMigration = await readLastMigration(tx);
    const tables = await readTablesInDependencyOrder(tx);

    const counts = new Map<string, number>();
    for (const table of tables) {
      const [row] = await tx.query<{ count: number }>(sql`select count(*)::int as count from ${identifier(table.name)}`);
      counts.set(table.name, row?.count ?? 0);
    }
    const [images] = await tx.query<{ count: number }>(sql`select count(distinct hash)::int as count from images`);
    const manifest: Manifest = {
      format: FORMAT_NAME,
      formatVersion: FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      stashsphereVersion: options.stashsphereVersion,
      sourceDatabase: db.kind,
      lastMigration,
      tables: tables.map((table) => ({
        name: table.name,
        rows: counts.get(table.name) ?? 0,
        columns: table.columns.map((column) => ({ name: column.name, type: column.type })),
      })),
      imageFiles: images?.count ?? 0,
    };
    await tar.addFile(MANIFEST_PATH, encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`));

    for (const table of tables) {
      const written = await exportTable(tx, tar, table, options);
      if (written !== counts.get(table.name)) {
        throw new Error(`${table.name}: counted ${counts.get(table.name)} rows but read ${written} in the same snapshot`);
      }
      log.info("exported table", { table: table.name, rows: written });
    }

    const { exported, missing } = await exportImageFiles(tx, tar, options);
    log.info("exported image files", { files: exported, missing: missing.length });

    const checksums: Checksums = { entries: Object.fromEntries(tar.checksums), missingImageFiles: missing };
    await tar.addFile(CHECKSUMS_PATH, encoder.encode(`${JSON.stringify(checksums, null, 1)}\n`));
    await tar.finish();
    return {
      lastMigration,
      tables: tables.map((table) => ({ name: table.name, rows: counts.get(table.name) ?? 0 })),
      imageFiles: exported,
      missingImageFiles: missing,
      archiveBytes: tar.bytesWritten,
    };
  });
}

async function readLastMigration(tx: Queryable): Promise<string> {
  const status = await migrationStatus(tx);
  if (status.rejection) throw new ArchiveError(`cannot export this database: ${status.rejection}`);
  const last = status.applied.at(-1);
  if (!last) throw new ArchiveError("the database has no StashSphere schema yet; run `stashsphere migrate` first");
  return last;
}

/**
 * Stream one table through a cursor into batch entries and return the number of rows.
 * `to_jsonb` renders every type losslessly as JSON (timestamps with their offset, numbers
 * exactly, jsonb as nested JSON), and its text never contains a line break.
 */
async function exportTable(tx: Queryable, tar: TarWriter, table: TableInfo, options: ExportOptions): Promise<number> {
  const batchRows = options.batchRows ?? 10_000;
  const batchBytes = options.batchBytes ?? 8 * 1024 * 1024;
  const orderBy = table.primaryKey.length ? sql`order by ${sql.join(table.primaryKey.map(identifier))}` : sql.empty;
  await tx.query(sql`declare stashsphere_export_rows no scroll cursor for select to_jsonb(t)::text as line from ${identifier(table.name)} t ${orderBy}`);

  let total = 0;
  let batchNumber = 0;
  let lines: string[] = [];
  let bytes = 0;
  const flush = async () => {
    if (lines.length === 0) return;
    batchNumber += 1;
    await tar.addFile(tableBatchPath(table.name, batchNumber), encoder.encode(`${lines.join("\n")}\n`));
    lines = [];
    bytes = 0;
    releaseBatchMemory(options.db.kind);
  };

  for (;;) {
    const rows = await tx.query<{ line: string }>(sql`fetch forward ${sql.raw(String(fetchSize))} from stashsphere_export_rows`);
    for (const row of rows) {
      lines.push(row.line);
      bytes += row.line.length + 1;
      total += 1;
      if (lines.length >= batchRows || bytes >= batchBytes) await flush();
    }
    if (rows.length < fetchSize) break;
  }
  await flush();
  await tx.query(sql`close stashsphere_export_rows`);
  return total;
}

/** Stream every distinct image file into the archive; a missing file is logged and listed. */
async function exportImageFiles(tx: Queryable, tar: TarWriter, options: ExportOptions): Promise<{ exported: number; missing: string[] }> {
  await tx.query(sql`declare stashsphere_export_hashes no scroll cursor for select distinct hash from images order by hash`);
  let exported = 0;
  const missing: string[] = [];
  for (;;) {
    const rows = await tx.query<{ hash: string }>(sql`fetch forward ${sql.raw(String(fetchSize))} from stashsphere_export_hashes`);
    for (const { hash } of rows) {
      if (!imageFileName.test(hash)) {
        options.log.warn("image hash is not a valid file name; its file is not exported", { hash });
        missing.push(hash);
        continue;
      }
      const path = join(options.imageStorePath, hash);
      const size = await stat(path).then(
        (stats) => stats.size,
        (error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT") return undefined;
          throw error;
        },
      );
      if (size === undefined) {
        options.log.warn("image file is missing from the image store; the archive records it as missing", { hash, path });
        missing.push(hash);
        continue;
      }
      await tar.addStream(imagePath(hash), size, Bun.file(path).stream());
      exported += 1;
    }
    if (rows.length < fetchSize) break;
  }
  await tx.query(sql`close stashsphere_export_hashes`);
  return { exported, missing };
}
