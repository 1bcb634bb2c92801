import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { accessCookie } from "../../../src/auth/cookies.ts";
import { generateSigningKeyText, parseSigningKey, type SigningKey } from "../../../src/auth/signing-key.ts";
import { issueAccessToken } from "../../../src/auth/tokens.ts";
import type { Database } from "../../../src/db/database.ts";
import { newId } from "../../../src/db/ids.ts";
import { migrate } from "../../../src/db/migrate.ts";
import { connectPostgresUrl } from "../../../src/db/postgres.ts";
import { sql } from "../../../src/db/sql.ts";

/** A migrated database of its own on a PostgreSQL server, and the `database` section naming it. */
export interface FaultDatabase {
  readonly name: string;
  /** A small pool on the database, for setting up rows and checking them afterwards. */
  readonly db: Database;
  /** The `database` section of a stashsphere configuration. */
  readonly settings: Record<string, unknown>;
  drop(): Promise<void>;
}

async function onServer(serverUrl: string, statement: ReturnType<typeof sql>): Promise<void> {
  const admin = connectPostgresUrl(serverUrl, 1);
  try {
    await admin.query(statement);
  } finally {
    await admin.close();
  }
}

/**
 * Create a database named `stashsphere_faults_<random>` on the server at `serverUrl` and
 * migrate it, unless `migrated` is false. `maxConnections` sizes the pool of `serve`.
 */
export async function createFaultDatabase(serverUrl: string, options: { maxConnections?: number; migrated?: boolean } = {}): Promise<FaultDatabase> {
  const { maxConnections = 10, migrated = true } = options;
  const name = `stashsphere_faults_${crypto.randomUUID().slice(0, 8)}`;
  await onServer(serverUrl, sql`create database ${sql.raw(name)}`);
  const server = new URL(serverUrl);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = connectPostgresUrl(url.href, 4);
  if (migrated) await migrate(db);
  const settings = {
    host: server.searchParams.get("host") ?? server.hostname,
    ...(server.port ? { port: Number(server.port) } : {}),
    user: decodeURIComponent(server.username),
    ...(server.password ? { password: decodeURIComponent(server.password) } : {}),
    name,
    sslmode: "disable",
    maxConnections,
  };
  return {
    name,
    db,
    settings,
    async drop() {
      await db.close();
      await onServer(serverUrl, sql`drop database if exists ${sql.raw(name)} with (force)`);
    },
  };
}

/** A directory with a configuration file for `serve`, its image store and state directory. */
export interface ServeSetup {
  readonly directory: string;
  readonly imageStore: string;
  readonly stateDirectory: string;
  readonly privateKey: string;
  readonly signingKey: SigningKey;
  /** Write a configuration for one instance listening on `port`; returns its path. */
  writeConfig(port: number, extra?: Record<string, unknown>): Promise<string>;
  remove(): Promise<void>;
}

/**
 * Prepare the files of one or more `serve` instances that share one database (PostgreSQL when
 * `database` is given, else the embedded one in the state directory), one image store and one
 * signing key.
 */
export async function prepareServeSetup(database?: Record<string, unknown>): Promise<ServeSetup> {
  const directory = await mkdtemp(join(tmpdir(), "stashsphere-faults-"));
  const imageStore = join(directory, "images");
  const stateDirectory = join(directory, "state");
  const privateKey = generateSigningKeyText();
  let configs = 0;
  return {
    directory,
    imageStore,
    stateDirectory,
    privateKey,
    signingKey: parseSigningKey(privateKey),
    async writeConfig(port, extra = {}) {
      configs += 1;
      const config = {
        ...(database ? { database } : {}),
        listenAddress: `127.0.0.1:${port}`,
        auth: { privateKey, disableSecureCookies: true },
        image: { path: imageStore, cachePath: join(directory, `cache-${configs}`) },
        stateDirectory,
        email: { backend: "stdout" },
        log: { level: "info" },
        ...extra,
      };
      const path = join(directory, `config-${configs}.json`);
      await writeFile(path, JSON.stringify(config));
      return path;
    },
    remove: () => rm(directory, { recursive: true, force: true }),
  };
}

export interface FaultUser {
  id: string;
  name: string;
  email: string;
  /** `Cookie` header value with an access token for the user. */
  cookie: string;
}

/** Insert a user directly and sign an access token for them with `signingKey`. */
export async function insertFaultUser(db: Database, signingKey: SigningKey, name: string): Promise<FaultUser> {
  const id = newId();
  const email = `faults-${id.toLowerCase()}@example.test`;
  await db.query(sql`insert into users (id, name, email, password_hash) values (${id}, ${name}, ${email}, null)`);
  const access = await issueAccessToken(signingKey, { id, name, email, sessionEpoch: 0 }, new Date());
  return { id, name, email, cookie: `${accessCookie}=${access.token}` };
}
