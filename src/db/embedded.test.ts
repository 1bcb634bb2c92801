import { afterEach, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database } from "./database.ts";
import { EmbeddedDatabaseError, openEmbedded } from "./embedded.ts";
import { sql } from "./sql.ts";

const repositoryRoot = join(import.meta.dir, "..", "..");
const scratchDirectories: string[] = [];
const openDatabases: Database[] = [];

function scratchDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), "stashsphere-embedded-test-"));
  // Wide open, so that the user `nobody` can reach it in the tests that run as that user.
  chmodSync(directory, 0o755);
  scratchDirectories.push(directory);
  return directory;
}

async function open(dataDir: string): Promise<Database> {
  const db = await openEmbedded({ dataDir });
  openDatabases.push(db);
  return db;
}

async function openError(dataDir: string): Promise<EmbeddedDatabaseError> {
  const error = await openEmbedded({ dataDir }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(EmbeddedDatabaseError);
  return error as EmbeddedDatabaseError;
}

/** Run a script that opens `dataDir` in another process, as `nobody` when the tests run as root. */
async function openInChildProcess(dataDir: string, { asNobody = false } = {}) {
  const script = `
    const { openEmbedded } = await import(${JSON.stringify(join(import.meta.dir, "embedded.ts"))});
    try {
      const db = await openEmbedded({ dataDir: ${JSON.stringify(dataDir)} });
      await db.close();
      console.log("opened");
    } catch (error) {
      console.log(error.message);
    }`;
  const bun = [process.execPath, "-e", script];
  const command = asNobody && process.getuid?.() === 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", ...bun] : bun;
  const child = Bun.spawn(command, { cwd: repositoryRoot, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text()]);
  await child.exited;
  return { output: stdout.trim(), stderr };
}

afterEach(async () => {
  await Promise.all(openDatabases.splice(0).map((db) => db.close().catch(() => {})));
  for (const directory of scratchDirectories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

// These tests are about PGlite alone; the runner's PostgreSQL suite sets STASHSPHERE_TEST_DB to
// "postgres" and has nothing to add to them.
describe.skipIf(process.env.STASHSPHERE_TEST_DB === "postgres")("embedded database", () => {
  test("keeps rows across a restart", async () => {
    const dataDir = join(scratchDirectory(), "database");
    const first = await open(dataDir);
    await first.query(sql`create table notes (body text not null)`);
    await first.query(sql`insert into notes values (${"kept"})`);
    await first.close();

    const second = await open(dataDir);
    const rows = await second.query<{ body: string }>(sql`select body from notes`);
    expect(rows).toEqual([{ body: "kept" }]);
  });

  test("new data directory is private and locked", async () => {
    const dataDir = join(scratchDirectory(), "database");
    await open(dataDir);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dataDir, "stashsphere.lock"), "utf8").trim()).toBe(String(process.pid));
    expect(existsSync(join(dataDir, "stashsphere.initializing"))).toBe(false);
  });

  test("loads pg_trgm and unaccent", async () => {
    const db = await open(join(scratchDirectory(), "database"));
    await db.query(sql`create extension pg_trgm`);
    await db.query(sql`create extension unaccent`);
    const rows = await db.query<{ similarity: number; plain: string }>(
      sql`select similarity('a', 'ab')::float8 as similarity, unaccent('Élan') as plain`,
    );
    expect(rows).toEqual([{ similarity: 0.25, plain: "Elan" }]);
  });

  test("settings match initdb's defaults", async () => {
    const db = await open(join(scratchDirectory(), "database"));
    const rows = await db.query<{ config: string; zone: string }>(
      sql`select current_setting('default_text_search_config') as config, current_setting('TimeZone') as zone`,
    );
    expect(rows).toEqual([{ config: "pg_catalog.english", zone: "UTC" }]);
  });

  test("in-memory database starts", async () => {
    const db = await openEmbedded({});
    openDatabases.push(db);
    expect(db.description).toBe("embedded database in memory");
    expect(await db.query(sql`select 1 as one`)).toEqual([{ one: 1 }]);
  });

  test("second open in this process is rejected", async () => {
    const dataDir = join(scratchDirectory(), "database");
    await open(dataDir);
    const error = await openError(dataDir);
    expect(error.message).toContain(`data directory ${dataDir} is in use by another process (PID ${process.pid})`);
  });

  test("open from another process is rejected", async () => {
    const dataDir = join(scratchDirectory(), "database");
    await open(dataDir);
    const { output, stderr } = await openInChildProcess(dataDir);
    expect(output, stderr).toContain(`is in use by another process (PID ${process.pid})`);
  });

  test("lock is released on close", async () => {
    const dataDir = join(scratchDirectory(), "database");
    const db = await open(dataDir);
    await db.close();
    const { output, stderr } = await openInChildProcess(dataDir);
    expect(output, stderr).toBe("opened");
  });

  test("directory in an unwritable parent is rejected", async () => {
    const parent = scratchDirectory();
    const dataDir = join(parent, "database");
    if (process.getuid?.() !== 0) chmodSync(parent, 0o555);
    const { output, stderr } = await openInChildProcess(dataDir, { asNobody: true });
    expect(output, stderr).toBe(`cannot create data directory ${dataDir}: permission denied (EACCES)`);
  });

  test("unwritable data directory is rejected", async () => {
    const dataDir = join(scratchDirectory(), "database");
    mkdirSync(dataDir, { mode: 0o555 });
    chmodSync(dataDir, 0o555);
    const { output, stderr } = await openInChildProcess(dataDir, { asNobody: true });
    expect(output, stderr).toBe(`data directory ${dataDir} is not writable: permission denied (EACCES)`);
  });

  // Only root can make files that the test's other user cannot read.
  test.skipIf(process.getuid?.() !== 0)("files of another user are rejected", async () => {
    const dataDir = join(scratchDirectory(), "database");
    await (await open(dataDir)).close();
    // Let `nobody` into the directory and write the lock file, but not the database files.
    chmodSync(dataDir, 0o777);
    writeFileSync(join(dataDir, "stashsphere.lock"), "");
    chmodSync(join(dataDir, "stashsphere.lock"), 0o666);
    chmodSync(join(dataDir, "PG_VERSION"), 0o600);
    const { output, stderr } = await openInChildProcess(dataDir, { asNobody: true });
    expect(output, stderr).toContain(`data directory ${dataDir} contains PG_VERSION, which this user cannot read and write`);
  });

  test("other PostgreSQL major version is rejected", async () => {
    const dataDir = join(scratchDirectory(), "database");
    await (await open(dataDir)).close();
    writeFileSync(join(dataDir, "PG_VERSION"), "17\n");
    const error = await openError(dataDir);
    expect(error.message).toContain(`data directory ${dataDir} was created by PostgreSQL 17, but this build embeds PostgreSQL 18`);
  });

  test("other catalog version is rejected", async () => {
    const dataDir = join(scratchDirectory(), "database");
    await (await open(dataDir)).close();
    const controlPath = join(dataDir, "global", "pg_control");
    const control = readFileSync(controlPath);
    control.writeUInt32LE(200_001_011, 12);
    writeFileSync(controlPath, control);
    const error = await openError(dataDir);
    expect(error.message).toContain(`data directory ${dataDir} has catalog version 200001011`);
  });

  test("PostgreSQL's own start-up error is reported", async () => {
    const dataDir = join(scratchDirectory(), "database");
    await (await open(dataDir)).close();
    const walDirectory = join(dataDir, "pg_wal");
    for (const name of readdirSync(walDirectory)) {
      if (/^[0-9A-F]{24}$/.test(name)) rmSync(join(walDirectory, name));
    }
    const error = await openError(dataDir);
    expect(error.message).toStartWith(`embedded database in data directory ${dataDir} failed to start: PANIC:`);
    expect(error.message).toContain("checkpoint record");
  });

  test("directory with other files is left alone", async () => {
    const dataDir = join(scratchDirectory(), "database");
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, "notes.txt"), "mine");
    const error = await openError(dataDir);
    expect(error.message).toBe(`data directory ${dataDir} is not empty and contains no database (found notes.txt); choose an empty directory`);
    expect(readdirSync(dataDir).sort()).toEqual(["notes.txt", "stashsphere.lock"]);
  });

  test("interrupted creation is resumed", async () => {
    const dataDir = join(scratchDirectory(), "database");
    mkdirSync(join(dataDir, "base"), { recursive: true });
    writeFileSync(join(dataDir, "stashsphere.initializing"), "");
    writeFileSync(join(dataDir, "base", "half-written"), "");
    const db = await open(dataDir);
    expect(await db.query(sql`select 1 as one`)).toEqual([{ one: 1 }]);
    expect(existsSync(join(dataDir, "stashsphere.initializing"))).toBe(false);
  });
});
