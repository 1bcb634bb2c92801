import { PGlite, type Transaction } from "@electric-sql/pglite";
import type { Database, Queryable } from "./database.ts";
import { renderSql, type SqlFragment } from "./sql.ts";
import { loadPgliteAssets } from "./embedded-assets.ts";
import { findDataDirTemplate } from "./data-dir-template.ts";
import { prepareDataDir, type PreparedDataDir } from "./data-dir.ts";
import { EmbeddedDatabaseError } from "./embedded-error.ts";
import { armStartWatchdog } from "./start-watchdog.ts";
import { durableStartParams, postgresqlConf } from "./embedded-settings.ts";
import { nodeFsFsync } from "./nodefs-fsync.ts";

export { EmbeddedDatabaseError } from "./embedded-error.ts";

export interface EmbeddedSettings {
  /** Data directory; created on first start. Undefined keeps everything in memory (tests). */
  dataDir?: string;
  /** Give up on start-up after this long; PGlite can hang on some broken set-ups. */
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

/** Return the last FATAL, PANIC or ERROR line PostgreSQL wrote, without its timestamp prefix. */
function lastServerError(stderrLines: readonly string[]): string | undefined {
  for (let index = stderrLines.length - 1; index >= 0; index--) {
    const match = /\b((?:FATAL|PANIC|ERROR):.*)$/.exec(stderrLines[index] ?? "");
    if (match?.[1]) return match[1].replace(/\s+/g, " ");
  }
  return undefined;
}

async function startPglite(prepared: PreparedDataDir | undefined, timeoutMs: number): Promise<PGlite> {
  const where = prepared ? `data directory ${prepared.path}` : "memory";
  const [assets, template] = await Promise.all([loadPgliteAssets(), findDataDirTemplate()]);

  const stderrLines: string[] = [];
  let starting = true;
  const watchdog = armStartWatchdog(
    timeoutMs + 1_000,
    `error: embedded database in ${where} did not start within ${timeoutMs / 1000} s and blocked the process; stopped`,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new EmbeddedDatabaseError(`embedded database in ${where} did not start within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });

  try {
    return await Promise.race([
      PGlite.create({
        dataDir: prepared?.path,
        // A new in-memory database is loaded from the template too, which saves running initdb.
        loadDataDir: prepared ? undefined : Bun.file(template.archivePath),
        ...assets.options,
        extensions: prepared ? { ...assets.extensions, nodeFsFsync } : assets.extensions,
        startParams: prepared ? durableStartParams : undefined,
        postgresqlconf: postgresqlConf,
        onStderr: (text) => {
          if (starting) stderrLines.push(text);
          return false;
        },
      }),
      timeout,
    ]);
  } catch (error) {
    // NOTE: after a timeout the hung PGlite instance is abandoned, not stopped, because PGlite
    // has no way to cancel its start-up. The command line exits on this error anyway.
    if (error instanceof EmbeddedDatabaseError) throw error;
    const reason = lastServerError(stderrLines) ?? (error instanceof Error ? error.message : String(error));
    throw new EmbeddedDatabaseError(`embedded database in ${where} failed to start: ${reason}`, { cause: error });
  } finally {
    starting = false;
    clearTimeout(timer);
    watchdog.disarm();
  }
}

/**
 * Start PostgreSQL compiled to WebAssembly inside this process. It runs one statement at a
 * time, which is plenty for a household or a circle of friends; larger instances belong on
 * PostgreSQL proper.
 *
 * Throws EmbeddedDatabaseError with a one-line message when the data directory cannot be
 * created or written, is locked by another process, was made by another PostgreSQL or PGlite
 * version, or PostgreSQL refuses to start on it.
 */
export async function openEmbedded(settings: EmbeddedSettings): Promise<Database> {
  const timeoutMs = settings.startTimeoutMs ?? 60_000;
  // Start compiling the WebAssembly module now so that it overlaps with preparing the
  // directory; startPglite awaits the same promise and reports its errors.
  loadPgliteAssets().catch(() => {});
  const prepared = settings.dataDir ? await prepareDataDir(settings.dataDir, await findDataDirTemplate()) : undefined;

  let client: PGlite;
  try {
    client = await startPglite(prepared, timeoutMs);
  } catch (error) {
    prepared?.lock.release();
    throw error;
  }

  const base = queryableFor(client);
  return {
    kind: "embedded",
    description: `embedded database in ${prepared?.path ?? "memory"}`,
    query: base.query,
    async transaction<Result>(work: (tx: Queryable) => Promise<Result>) {
      return client.transaction((tx) => work(queryableFor(tx)));
    },
    async close() {
      try {
        await client.close();
      } finally {
        prepared?.lock.release();
      }
    },
  };
}
