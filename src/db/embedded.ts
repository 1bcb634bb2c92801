import { PGlite, type Transaction } from "@electric-sql/pglite";
import type { Database, Queryable } from "./database.ts";
import { renderSql, type SqlFragment } from "./sql.ts";
import { loadPgliteAssets } from "./embedded-assets.ts";

export interface EmbeddedSettings {
  /** Data directory; created on first start. Undefined keeps everything in memory (tests). */
  dataDir?: string;
  /** Give up on start-up after this long; PGlite can spin forever on a broken data directory. */
  startTimeoutMs?: number;
}

function queryableFor(client: PGlite | Transaction): Queryable {
  return {
    async query<Row>(statement: SqlFragment) {
      const { text, values } = renderSql(statement);
      const result = await client.query<Row>(text, values);
      return result.rows;
    },
  };
}

/**
 * Start PostgreSQL compiled to WebAssembly inside this process. It runs one statement at a
 * time, which is plenty for a household or a circle of friends; larger instances belong on
 * PostgreSQL proper.
 */
export async function openEmbedded(settings: EmbeddedSettings): Promise<Database> {
  const timeoutMs = settings.startTimeoutMs ?? 60_000;
  const assets = await loadPgliteAssets();

  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`embedded database did not start within ${timeoutMs / 1000} s (data directory ${settings.dataDir ?? "in memory"})`)),
      timeoutMs,
    );
  });

  let client: PGlite;
  try {
    client = await Promise.race([
      PGlite.create({
        dataDir: settings.dataDir,
        ...assets.options,
        extensions: assets.extensions,
        // The defaults (128 MB of shared buffers) double the resident memory of the process
        // for no gain at this scale.
        postgresqlconf: ["shared_buffers = 16MB", "timezone = 'UTC'"],
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }

  const base = queryableFor(client);
  return {
    kind: "embedded",
    description: `embedded database in ${settings.dataDir ?? "memory"}`,
    query: base.query,
    async transaction<Result>(work: (tx: Queryable) => Promise<Result>) {
      return client.transaction((tx) => work(queryableFor(tx)));
    },
    async close() {
      await client.close();
    },
  };
}
