// A fresh, empty database for each test, on the backend chosen by the environment:
//
// - STASHSPHERE_TEST_DB=embedded: PGlite in memory.
// - STASHSPHERE_TEST_DATABASE_URL=postgres://…: a new database on that server per test,
//   dropped afterwards; the URL's user must be allowed to create databases.
// - neither: a throwaway PostgreSQL cluster, started once per test process under a temporary
//   directory with only a Unix socket, and removed when the process exits. The server
//   binaries (initdb, pg_ctl) are taken from PATH or /usr/lib/postgresql/<version>/bin.
//
// NOTE: this is a stopgap for the database tests until the shared test harness exists.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database, DatabaseKind } from "./database.ts";
import { openEmbedded } from "./embedded.ts";
import { connectPostgresUrl } from "./postgres.ts";
import { sql } from "./sql.ts";

export interface TestDatabase {
  readonly db: Database;
  /** Opens one more pool on the same database, for tests of concurrency; PostgreSQL only. */
  readonly openAnotherPool?: () => Database;
  /** Closes every pool opened here and drops the database. */
  close(): Promise<void>;
}

/** Returns the backend the tests of this process run on. */
export function testDatabaseKind(): DatabaseKind {
  return process.env.STASHSPHERE_TEST_DB === "embedded" ? "embedded" : "postgres";
}

/** Creates an empty database for one test. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind() === "embedded") {
    const db = await openEmbedded({});
    return { db, close: () => db.close() };
  }
  return createPostgresDatabase(await serverUrl());
}

async function createPostgresDatabase(server: string): Promise<TestDatabase> {
  const name = `stashsphere_test_${crypto.randomUUID().replaceAll("-", "")}`;
  const admin = connectPostgresUrl(server, 1);
  try {
    await admin.query(sql`create database ${sql.raw(name)}`);
  } finally {
    await admin.close();
  }

  const url = new URL(server);
  url.pathname = `/${name}`;
  const pools = [connectPostgresUrl(url.toString())];

  return {
    db: pools[0]!,
    openAnotherPool() {
      const pool = connectPostgresUrl(url.toString());
      pools.push(pool);
      return pool;
    },
    async close() {
      await Promise.all(pools.map((pool) => pool.close()));
      const cleanup = connectPostgresUrl(server, 1);
      try {
        await cleanup.query(sql`drop database if exists ${sql.raw(name)} with (force)`);
      } finally {
        await cleanup.close();
      }
    },
  };
}

let throwawayCluster: Promise<string> | undefined;

function serverUrl(): Promise<string> {
  const configured = process.env.STASHSPHERE_TEST_DATABASE_URL;
  if (configured) return Promise.resolve(configured);
  throwawayCluster ??= startThrowawayCluster();
  return throwawayCluster;
}

function findServerBinary(name: string): string {
  const onPath = Bun.which(name);
  if (onPath) return onPath;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const candidate = join(root, version, "bin", name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} not found on PATH or in ${root}/*/bin; install the PostgreSQL server or set STASHSPHERE_TEST_DATABASE_URL`);
}

function run(command: string[], description: string): void {
  const result = spawnSync(command[0]!, command.slice(1), { encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${description} failed (exit status ${result.status}): ${result.stderr || result.stdout || result.error}`);
  }
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

async function startThrowawayCluster(): Promise<string> {
  const directory = mkdtempSync(join(tmpdir(), "stashsphere-test-pg-"));
  // initdb rejects running as root, so under root the server runs as the postgres account
  // (or the unprivileged account nobody), which needs to write into the directory.
  const asServerUser: string[] = [];
  if (process.getuid?.() === 0) {
    chmodSync(directory, 0o777);
    const user = spawnSync("id", ["-u", "postgres"]).status === 0 ? "postgres" : "nobody";
    asServerUser.push("runuser", "-u", user, "--");
  }

  const dataDirectory = join(directory, "data");
  const pgCtl = findServerBinary("pg_ctl");
  run(
    [...asServerUser, findServerBinary("initdb"), "-D", dataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
    "initdb of the test cluster",
  );
  // Durability is pointless for a cluster that is deleted at exit, and costs seconds per run.
  const serverOptions = `-k ${directory} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  run(
    [...asServerUser, pgCtl, "-D", dataDirectory, "-l", join(directory, "server.log"), "-o", serverOptions, "-w", "start"],
    `starting the test cluster (log in ${directory}/server.log)`,
  );

  // Bun's test runner emits no "exit" event, so a detached watchdog stops the cluster and
  // removes its directory once this process is gone, however it ended.
  const stop = [...asServerUser, pgCtl, "-D", dataDirectory, "-m", "immediate", "-w", "stop"].map(shellQuote).join(" ");
  const watchdog = `while kill -0 ${process.pid} 2>/dev/null; do sleep 0.5; done; ${stop} >/dev/null 2>&1; rm -rf ${shellQuote(directory)}`;
  spawn("sh", ["-c", watchdog], { detached: true, stdio: "ignore" }).unref();

  return `postgres://postgres@localhost/postgres?host=${encodeURIComponent(directory)}`;
}
