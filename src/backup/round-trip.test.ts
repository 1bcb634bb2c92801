// Export from one database backend and import into the other, both ways: the archive is how an
// operator moves between the embedded database and PostgreSQL. The suite's own backend is one
// side; the other side is an in-memory PGlite, or PostgreSQL from a throwaway cluster.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database } from "../db/database.ts";
import { openEmbedded } from "../db/embedded.ts";
import { connectPostgresUrl } from "../db/postgres.ts";
import { sql } from "../db/sql.ts";
import { chooseTestBackend, freshDatabase } from "../testing/database.ts";
import { runAfterAllTests } from "../testing/cleanup.ts";
import { findPostgresBinDir, startPostgresCluster } from "../testing/postgres-cluster.ts";
import { bookkeepingTables, identifier, readTablesInDependencyOrder } from "./catalog.ts";
import { exportToBytes, fillInstance, importBytes, type Instance } from "./backup-test-support.ts";

type Side = Instance;

const directories: string[] = [];
async function newDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "stashsphere-backup-test-"));
  directories.push(directory);
  return directory;
}

let otherServerUrl: string | undefined;
/** Open a new, empty database on the backend the suite does not use; undefined when none is installed. */
async function otherBackendDatabase(): Promise<Database | undefined> {
  if (chooseTestBackend() !== "embedded") {
    const db = await openEmbedded({});
    runAfterAllTests(() => db.close());
    return db;
  }
  if (!otherServerUrl) {
    if (process.env.STASHSPHERE_TEST_DATABASE_URL) {
      otherServerUrl = process.env.STASHSPHERE_TEST_DATABASE_URL;
    } else {
      if (!findPostgresBinDir()) return undefined;
      const cluster = await startPostgresCluster();
      runAfterAllTests(cluster.stop);
      otherServerUrl = cluster.url;
    }
  }
  const name = `stashsphere_backup_${process.pid}_${crypto.randomUUID().slice(0, 8)}`;
  const admin = connectPostgresUrl(otherServerUrl, 1);
  await admin.query(sql`create database ${sql.raw(name)}`);
  await admin.close();
  const url = new URL(otherServerUrl);
  url.pathname = `/${name}`;
  const db = connectPostgresUrl(url.href, 2);
  runAfterAllTests(async () => {
    await db.close();
    const cleanup = connectPostgresUrl(otherServerUrl as string, 1);
    await cleanup.query(sql`drop database if exists ${sql.raw(name)} with (force)`);
    await cleanup.close();
  });
  return db;
}

async function suiteSide(): Promise<Side> {
  const { db } = await freshDatabase();
  return { db, imageStorePath: await newDirectory() };
}

async function otherSide(): Promise<Side | undefined> {
  const db = await otherBackendDatabase();
  return db && { db, imageStorePath: await newDirectory() };
}

/** Read every table's rows as sorted JSON text; jsonb's text form is canonical on both backends. */
async function snapshot(db: Database): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const table of await readTablesInDependencyOrder(db)) {
    const rows = await db.query<{ line: string }>(sql`select to_jsonb(t)::text as line from ${identifier(table.name)} t order by 1`);
    result[table.name] = rows.map((row) => row.line);
  }
  return result;
}

async function filesOf(directory: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(directory)).sort()) files[name] = (await readFile(join(directory, name))).toString("base64");
  return files;
}

afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

for (const direction of ["suite backend to the other", "other backend to the suite's"] as const) {
  describe(`export and import, ${direction}`, () => {
    let source: Side;
    let target: Side | undefined;
    let exported: Awaited<ReturnType<typeof exportToBytes>>;
    let imported: Awaited<ReturnType<typeof importBytes>> | undefined;

    beforeAll(async () => {
      const [suite, other] = [await suiteSide(), await otherSide()];
      if (!other) {
        console.warn("skipped: no PostgreSQL server programs and no STASHSPHERE_TEST_DATABASE_URL for the other side");
        return;
      }
      [source, target] = direction === "suite backend to the other" ? [suite, other] : [other, suite];
      directories.push(await fillInstance(source));
      exported = await exportToBytes(source);
      imported = await importBytes(target, exported.archive);
    });

    test("fixture fills every table", async () => {
      if (!target) return;
      const tables = await readTablesInDependencyOrder(source.db);
      const empty = [];
      for (const table of tables) {
        const [row] = await source.db.query<{ filled: boolean }>(sql`select exists (select from ${identifier(table.name)}) as filled`);
        if (!row?.filled) empty.push(table.name);
      }
      expect(empty).toEqual([]);
      for (const bookkeeping of bookkeepingTables) expect(tables.map((table) => table.name)).not.toContain(bookkeeping);
    });

    test("every row arrives unchanged", async () => {
      if (!target) return;
      expect(await snapshot(target.db)).toEqual(await snapshot(source.db));
    });

    test("every image file arrives byte for byte", async () => {
      if (!target) return;
      const sourceFiles = await filesOf(source.imageStorePath);
      expect(Object.keys(sourceFiles)).toHaveLength(3);
      expect(await filesOf(target.imageStorePath)).toEqual(sourceFiles);
    });

    test("missing image file is reported, not invented", () => {
      if (!target) return;
      expect(exported.summary.missingImageFiles).toHaveLength(1);
      expect(imported?.missingImageFiles).toEqual(exported.summary.missingImageFiles);
      expect(imported?.imageFiles).toBe(3);
    });

    test("summary counts match the tables", () => {
      if (!target) return;
      expect(imported?.tables).toEqual(exported.summary.tables);
      expect(imported?.migratedAfterImport).toEqual([]);
    });

    test("dropped indexes are rebuilt", async () => {
      if (!target) return;
      const indexes = (db: Database) => db.query<{ definition: string }>(sql`
        select indexdef as definition from pg_indexes where schemaname = current_schema() order by indexname`);
      const expected = await indexes(source.db);
      expect(expected.length).toBeGreaterThan(20);
      expect(await indexes(target.db)).toEqual(expected);
    });

    test("identity sequences continue after the imported ids", async () => {
      if (!target) return;
      const [before] = await target.db.query<{ id: number }>(sql`select max(id)::int as id from mail_outbox`);
      const [inserted] = await target.db.query<{ id: number }>(sql`
        insert into mail_outbox (to_address, subject, body) values ('new@example.test', 'after import', 'b') returning id::int as id`);
      expect(inserted?.id).toBeGreaterThan(before?.id ?? Number.MAX_SAFE_INTEGER);
    });
  });
}
