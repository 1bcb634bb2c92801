// `export` and `import` as an operator runs them: separate processes on embedded databases in
// data directories, the archive piped from one to the other through gzip. The file uses
// embedded databases whatever the suite's backend, so only the embedded suite runs it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fillInstance } from "../backup/backup-test-support.ts";
import { identifier, readTablesInDependencyOrder } from "../backup/catalog.ts";
import type { Database } from "../db/database.ts";
import { openEmbedded } from "../db/embedded.ts";
import { sql } from "../db/sql.ts";
import { chooseTestBackend } from "../testing/database.ts";

const runsHere = chooseTestBackend() === "embedded";

const mainPath = resolve(import.meta.dir, "../main.ts");
let directory: string;

function environmentFor(state: string): Record<string, string> {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", STATE_DIRECTORY: join(directory, state), CACHE_DIRECTORY: join(directory, `${state}-cache`) };
}

async function rowCounts(db: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await readTablesInDependencyOrder(db)) {
    const [row] = await db.query<{ count: number }>(sql`select count(*)::int as count from ${identifier(table.name)}`);
    counts[table.name] = row?.count ?? 0;
  }
  return counts;
}

async function withEmbedded<Result>(state: string, work: (db: Database) => Promise<Result>): Promise<Result> {
  const db = await openEmbedded({ dataDir: join(directory, state, "database") });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

let sourceCounts: Record<string, number>;

beforeAll(async () => {
  if (!runsHere) return;
  directory = await mkdtemp(join(tmpdir(), "stashsphere-export-cli-"));
  const fixtureStore = await withEmbedded("source", (db) => fillInstance({ db, imageStorePath: join(directory, "source", "image_store") }));
  await rm(fixtureStore, { recursive: true, force: true });
  sourceCounts = await withEmbedded("source", rowCounts);
}, 60_000);

afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe.if(runsHere)("export and import commands", () => {
  test("piped gzip archive restores every row and file", async () => {
    const exporter = Bun.spawn([process.execPath, mainPath, "export", "--gzip", "-"], { env: environmentFor("source"), stdout: "pipe", stderr: "pipe" });
    const importer = Bun.spawn([process.execPath, mainPath, "import", "-"], { env: environmentFor("target"), stdin: exporter.stdout, stdout: "pipe", stderr: "pipe" });
    const [exportStatus, importStatus, exportLog, importLog] = await Promise.all([
      exporter.exited,
      importer.exited,
      new Response(exporter.stderr).text(),
      new Response(importer.stderr).text(),
    ]);
    expect(exportStatus, exportLog).toBe(0);
    expect(importStatus, importLog).toBe(0);
    expect(exportLog).toContain("export finished");
    expect(importLog).toContain("import finished");

    expect(await withEmbedded("target", rowCounts)).toEqual(sourceCounts);
    expect((await readdir(join(directory, "target", "image_store"))).sort()).toEqual((await readdir(join(directory, "source", "image_store"))).sort());
  }, 60_000);

  test("import into a filled instance exits 1 naming the tables", async () => {
    const archive = join(directory, "backup.tar");
    const exported = Bun.spawnSync([process.execPath, mainPath, "export", archive], { env: environmentFor("source") });
    expect(exported.exitCode, exported.stderr.toString()).toBe(0);
    const imported = Bun.spawnSync([process.execPath, mainPath, "import", archive], { env: environmentFor("source") });
    expect(imported.exitCode).toBe(1);
    expect(imported.stderr.toString()).toContain("import failed, no rows or files were imported: the target database is not empty (rows in ");
    expect(imported.stderr.toString()).toContain(" users, ");
  }, 60_000);

  test("export without a file argument is a usage error", () => {
    const result = Bun.spawnSync([process.execPath, mainPath, "export"], { env: environmentFor("source") });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.toString()).toContain("exactly one FILE");
  });
});
