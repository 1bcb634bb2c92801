import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { fillEveryTable } from "../accounts/purge-test-fixture.ts";
import type { Database } from "../db/database.ts";
import { migrate } from "../db/migrate.ts";
import { sql } from "../db/sql.ts";
import { silentLogger } from "../log/logger.ts";
import { exportInstance, type ExportSummary } from "./export-instance.ts";
import { importInstance } from "./import-instance.ts";
import type { Migration } from "../db/migrate.ts";

/** A database and the image store that belongs to it. */
export interface Instance {
  db: Database;
  imageStorePath: string;
}

/**
 * Migrate `instance` and fill every table, including the rate-limit table that the purge
 * fixture leaves empty, with the fixture's image files copied into the instance's store.
 * Returns the fixture's own store directory, for the caller to remove.
 */
export async function fillInstance(instance: Instance): Promise<string> {
  await migrate(instance.db);
  const fixture = await fillEveryTable(instance.db, new Date("2027-01-02T03:04:05.678Z"));
  for (const name of await readdir(fixture.imageStorePath)) {
    await Bun.write(join(instance.imageStorePath, name), Bun.file(join(fixture.imageStorePath, name)));
  }
  await instance.db.query(sql`insert into rate_limit_buckets (key, tokens, updated_at) values ('login:192.0.2.1', 2.5, '2026-12-04T10:00:00.123456Z')`);
  return fixture.imageStorePath;
}

/** Collects a stream's bytes in memory; test archives are small. */
export function memorySink(): { writable: WritableStream<Uint8Array>; bytes(): Uint8Array<ArrayBuffer> } {
  const chunks: Uint8Array[] = [];
  return {
    writable: new WritableStream({ write: (chunk) => void chunks.push(chunk.slice()) }),
    bytes: () => new Uint8Array(Buffer.concat(chunks)),
  };
}

/** Export into memory; two rows per batch so that every table spans several entries. */
export async function exportToBytes(instance: Instance, batchRows = 2): Promise<{ archive: Uint8Array<ArrayBuffer>; summary: ExportSummary }> {
  const sink = memorySink();
  const summary = await exportInstance({ ...instance, log: silentLogger, output: sink.writable, stashsphereVersion: "test", batchRows });
  return { archive: sink.bytes(), summary };
}

export function importBytes(instance: Instance, archive: Uint8Array<ArrayBuffer>, migrations?: readonly Migration[]) {
  return importInstance({ ...instance, log: silentLogger, input: new Blob([archive]).stream(), migrations });
}
