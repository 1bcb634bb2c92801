import type { Database } from "../db/database.ts";
import { openEmbedded } from "../db/embedded.ts";
import { migrate } from "../db/migrate.ts";
import { connectPostgresUrl } from "../db/postgres.ts";
import { sql } from "../db/sql.ts";
import { runAfterAllTests } from "./cleanup.ts";
import { findPostgresBinDir, startPostgresCluster } from "./postgres-cluster.ts";

/**
 * Database backend of a test process:
 * - `embedded`: PGlite in memory, chosen by `STASHSPHERE_TEST_DB=embedded`;
 * - `postgres-url`: new databases on the server named by `STASHSPHERE_TEST_DATABASE_URL`;
 * - `postgres-cluster`: a throwaway cluster started by this process, when neither variable is
 *   set and PostgreSQL's server programs are installed (otherwise `embedded` again).
 */
export type TestBackend = "embedded" | "postgres-url" | "postgres-cluster";

export interface FreshDatabase {
  db: Database;
  /**
   * Open another pool on the same database, for tests of concurrent sessions (locks, races).
   * PostgreSQL only: PGlite runs one session per instance. `drop` closes these pools too.
   */
  openAnotherPool?: (queryTimeoutSeconds?: number) => Database;
  /** Close the connections and drop the database; also done after the last test if forgotten. */
  drop(): Promise<void>;
}

/** Choose the backend from the environment; throws on an unknown `STASHSPHERE_TEST_DB`. */
export function chooseTestBackend(env: Record<string, string | undefined> = process.env): TestBackend {
  const requested = env.STASHSPHERE_TEST_DB || undefined;
  if (requested === "embedded") return "embedded";
  if (requested !== undefined && requested !== "postgres") {
    throw new Error(`STASHSPHERE_TEST_DB must be "embedded" or "postgres", got ${JSON.stringify(requested)}`);
  }
  if (env.STASHSPHERE_TEST_DATABASE_URL) return "postgres-url";
  if (findPostgresBinDir()) return "postgres-cluster";
  if (requested === "postgres") {
    throw new Error("STASHSPHERE_TEST_DB=postgres, but STASHSPHERE_TEST_DATABASE_URL is not set and no PostgreSQL server programs were found");
  }
  return "embedded";
}

let backend: TestBackend | undefined;
let serverUrl: Promise<string> | undefined;
let testDatabase: Promise<Database> | undefined;

function backendOfThisProcess(): TestBackend {
  if (backend) return backend;
  backend = chooseTestBackend();
  const reasons: Record<TestBackend, string> = {
    "embedded": process.env.STASHSPHERE_TEST_DB === "embedded"
      ? "embedded PGlite in memory (STASHSPHERE_TEST_DB=embedded)"
      : "embedded PGlite in memory (no STASHSPHERE_TEST_DATABASE_URL and no PostgreSQL server programs found)",
    "postgres-url": "PostgreSQL server from STASHSPHERE_TEST_DATABASE_URL",
    "postgres-cluster": "PostgreSQL, throwaway cluster started by this test process",
  };
  console.error(`test database: ${reasons[backend]}`);
  return backend;
}

function serverUrlOfThisProcess(): Promise<string> {
  serverUrl ??= (async () => {
    const fromEnv = process.env.STASHSPHERE_TEST_DATABASE_URL;
    if (backendOfThisProcess() === "postgres-url" && fromEnv) return fromEnv;
    const cluster = await startPostgresCluster();
    runAfterAllTests(cluster.stop);
    return cluster.url;
  })();
  return serverUrl;
}

async function onAdminConnection(url: string, statement: ReturnType<typeof sql>): Promise<void> {
  const admin = connectPostgresUrl(url, 1);
  try {
    await admin.query(statement);
  } finally {
    await admin.close();
  }
}

// The process id in the name shows which run left a database behind after a crash.
let databasesCreated = 0;
function nextDatabaseName(): string {
  databasesCreated += 1;
  return `stashsphere_test_${process.pid}_${databasesCreated}_${crypto.randomUUID().slice(0, 8)}`;
}

async function createDatabaseOnServer(maxConnections: number): Promise<FreshDatabase> {
  const server = await serverUrlOfThisProcess();
  const name = nextDatabaseName();
  // The name is ours and made only of [a-z0-9_], so pasting it as an identifier is safe.
  await onAdminConnection(server, sql`create database ${sql.raw(name)}`);

  const url = new URL(server);
  url.pathname = `/${name}`;
  const db = connectPostgresUrl(url.href, maxConnections);
  const pools = [db];
  const openAnotherPool = (queryTimeoutSeconds = 0) => {
    const pool = connectPostgresUrl(url.href, maxConnections, queryTimeoutSeconds);
    pools.push(pool);
    return pool;
  };

  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await Promise.all(pools.map((pool) => pool.close()));
    // FORCE ends connections a test left open (a forgotten transaction, a listener).
    await onAdminConnection(server, sql`drop database if exists ${sql.raw(name)} with (force)`);
  };
  runAfterAllTests(drop);
  return { db, openAnotherPool, drop };
}

async function openEmbeddedDatabase(): Promise<FreshDatabase> {
  const db = await openEmbedded({});
  let closed = false;
  const drop = async () => {
    if (closed) return;
    closed = true;
    await db.close();
  };
  runAfterAllTests(drop);
  return { db, drop };
}

function openFresh(maxConnections: number): Promise<FreshDatabase> {
  return backendOfThisProcess() === "embedded" ? openEmbeddedDatabase() : createDatabaseOnServer(maxConnections);
}

/**
 * Return this process's migrated test database, created on first call and shared by every
 * test file that `bun test` runs in the process. Tests must make their own rows (users,
 * things) and never rely on rows another test made.
 */
export function getTestDatabase(): Promise<Database> {
  testDatabase ??= (async () => {
    const { db } = await openFresh(10);
    await migrate(db);
    return db;
  })();
  return testDatabase;
}

/**
 * Create an empty database without migrations, on the same backend as `getTestDatabase`:
 * for tests of the migrations themselves or of taking over an existing database.
 */
export function freshDatabase(): Promise<FreshDatabase> {
  return openFresh(4);
}
