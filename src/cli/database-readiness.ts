import type { Database } from "../db/database.ts";
import { migrationStatus } from "../db/migrate.ts";
import { sql } from "../db/sql.ts";
import type { Readiness } from "../http/deps.ts";

/**
 * Time the readiness check gives the database. A load balancer's health check gives up after
 * a few seconds anyway, so a hung database gets a prompt 503 instead of a check timeout.
 */
export const readinessTimeoutMs = 2_000;

/** Check for `/readyz` that the database responds within `timeoutMs` and its schema is current. */
export async function checkDatabaseReadiness(db: Database, timeoutMs = readinessTimeoutMs): Promise<Readiness> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<Readiness>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, reason: `database did not respond within ${timeoutMs / 1000} s` }), timeoutMs);
  });
  const checked = (async (): Promise<Readiness> => {
    try {
      await db.query(sql`select 1`);
      const status = await migrationStatus(db);
      return status.pending.length ? { ready: false, reason: "database schema is behind; run stashsphere migrate" } : { ready: true };
    } catch {
      return { ready: false, reason: "database unreachable" };
    }
  })();
  try {
    return await Promise.race([checked, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
