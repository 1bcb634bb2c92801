import postgres from "postgres";
import type { Database, Queryable } from "./database.ts";
import { renderSql, type SqlFragment } from "./sql.ts";

export interface PostgresSettings {
  host: string;
  port?: number;
  user: string;
  name: string;
  password?: string;
  /** libpq's sslmode names: disable, allow, prefer, require, verify-ca, verify-full. */
  sslmode?: string;
  maxConnections: number;
  /**
   * Maximum run time of a statement, in seconds, before PostgreSQL ends it (SQLSTATE 57014).
   * The client gives up one second later (QUERY_TIMEOUT). 0 or absent for no limit.
   */
  queryTimeoutSeconds?: number;
}

type Client = postgres.Sql | postgres.TransactionSql;

// Sessions run in UTC so timestamps never depend on the server's zone. PostgreSQL's JIT
// compiler is off: our statements are short, and compiling the visibility queries of a user
// with thousands of friends cost 100 to 370 ms per statement, more than running them.
const sessionSettings = { TimeZone: "UTC", application_name: "stashsphere", jit: "off" };

function queryableFor(client: Client): Queryable {
  return {
    async query<Row>(statement: SqlFragment) {
      const { text, values } = renderSql(statement);
      // Every statement text is a constant of our code, so preparing it is safe and cheap:
      // the number of distinct statements is bounded by the source, not by user input.
      const rows = await client.unsafe(text, values as postgres.ParameterOrJSON<never>[], { prepare: true });
      return rows as unknown as Row[];
    },
  };
}

function sslOption(sslmode: string | undefined): postgres.Options<{}>["ssl"] {
  switch (sslmode) {
    case undefined:
    case "prefer":
      return "prefer";
    case "disable":
      return false;
    case "allow":
      return "allow";
    case "require":
      return "require";
    case "verify-ca":
    case "verify-full":
      return "verify-full";
    default:
      throw new Error(`unknown sslmode ${JSON.stringify(sslmode)}`);
  }
}

/** Options of every pool: time limits, reconnect backoff and session settings. */
function commonPoolOptions(queryTimeoutSeconds: number) {
  const connection: Record<string, string> = { ...sessionSettings };
  if (queryTimeoutSeconds > 0) connection.statement_timeout = `${queryTimeoutSeconds}s`;
  return {
    // A client-side timeout only sends a cancel request, and when that goes unanswered the
    // statement keeps running on the server, so PostgreSQL's statement_timeout ends it. The
    // client limit one second later covers a server that stops responding altogether.
    query_timeout: queryTimeoutSeconds > 0 ? queryTimeoutSeconds + 1 : 0,
    cancel_timeout: 2,
    // postgres.js grows its reconnect delay towards 20 s; after a database restart that leaves
    // the pool refusing requests long after PostgreSQL is back. Half a second at most keeps
    // recovery under a second without hammering a server that is still down.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.5),
    connection,
    onnotice: () => {},
  };
}

/**
 * Open a pool on PostgreSQL. Settings are passed as options, never spliced into a connection
 * string, so passwords with spaces or quotes work. Unix socket directories (a host starting
 * with `/`) are understood by postgres.js itself.
 */
export function connectPostgres(settings: PostgresSettings): Database {
  const client = postgres({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    database: settings.name,
    password: settings.password,
    ssl: sslOption(settings.sslmode),
    max: settings.maxConnections,
    connect_timeout: 5,
    idle_timeout: 60,
    ...commonPoolOptions(settings.queryTimeoutSeconds ?? 0),
  });
  return fromClient(client, `PostgreSQL ${settings.user}@${settings.host}${settings.port ? `:${settings.port}` : ""}/${settings.name}`);
}

/** Open a pool from a connection URL; used by tests and benchmarks. */
export function connectPostgresUrl(url: string, maxConnections = 10, queryTimeoutSeconds = 0): Database {
  const client = postgres(url, { max: maxConnections, ...commonPoolOptions(queryTimeoutSeconds) });
  const parsed = new URL(url);
  return fromClient(client, `PostgreSQL ${parsed.host}${parsed.pathname}`);
}

function fromClient(client: postgres.Sql, description: string): Database {
  const base = queryableFor(client);
  return {
    kind: "postgres",
    description,
    query: base.query,
    async transaction<Result>(work: (tx: Queryable) => Promise<Result>) {
      return (await client.begin((tx) => work(queryableFor(tx)))) as Result;
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}
