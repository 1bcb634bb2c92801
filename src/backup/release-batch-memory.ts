import type { DatabaseKind } from "../db/database.ts";

/**
 * Run a full garbage collection after each batch on the embedded database. PGlite passes every
 * statement's parameters and result rows through buffers outside the JavaScript heap, and
 * Bun's collector does not count them when it decides to run. Importing 100,000 things
 * (bench/export-import.ts at scale 0.1) peaked at 900 MB without this and at 240 MB with it.
 * PostgreSQL's driver does not show the effect, so it is left to the collector there.
 */
export function releaseBatchMemory(kind: DatabaseKind): void {
  if (kind === "embedded") Bun.gc(true);
}
