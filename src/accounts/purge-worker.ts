import type { Config } from "../config/index.ts";
import type { Database, Queryable } from "../db/database.ts";
import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { Clock } from "../http/env.ts";
import { startBackgroundLoop } from "../jobs/background-loop.ts";
import type { Logger } from "../log/logger.ts";
import { pruneSearchVocabulary } from "../search/prune-vocabulary.ts";
import { deleteExpiredRecords } from "./housekeeping.ts";
import { purgeUser, type PurgeSummary } from "./purge-user.ts";

const passIntervalMs = 60_000;
/** Users purged per pass at most; the rest wait for the next pass, a minute later. */
const usersPerPass = 100;
/** An arbitrary constant that names the purge worker's advisory lock in every instance. */
export const purgeLockKey = 7_305_427_091_634_114;

export interface PurgeWorkerDeps {
  db: Database;
  log: Logger;
  clock: Clock;
  config: Pick<Config, "image">;
}

/**
 * Only one instance purges at a time: every purge and housekeeping transaction first takes a
 * transaction-level advisory lock, and another instance that finds it taken ends its pass.
 * A transaction-level lock needs no connection held between passes (the database layer pools
 * connections and has no way to pin one), is released by the commit or rollback, also when
 * the process dies, and works the same on PGlite. Two instances may still take turns within
 * a pass, user by user. Each user is still purged once, because the purge locks and re-checks
 * the user's row.
 */
async function takePurgeLock(tx: Queryable): Promise<boolean> {
  const row = await queryOne<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${sql.raw(String(purgeLockKey))}) as locked`);
  return row?.locked === true;
}

/**
 * Run one pass: delete expired records, then purge every user whose `purge_at` has passed,
 * each in their own transaction, then remove the search words no thing contains any more. A
 * user whose purge fails is logged and retried next pass. Times are compared as timestamptz
 * with a UTC instant, so the database's time zone setting plays no part. Returns the users
 * purged.
 */
export async function runPurgePass(deps: PurgeWorkerDeps): Promise<PurgeSummary[]> {
  const now = deps.clock.now();
  const cleaned = await deps.db.transaction(async (tx) => ((await takePurgeLock(tx)) ? deleteExpiredRecords(tx, now) : undefined));
  if (!cleaned) return [];
  if (cleaned.verificationCodes + cleaned.passwordResetTokens + cleaned.mails > 0) deps.log.info("deleted expired records", { ...cleaned });

  const due = await deps.db.query<{ id: string }>(sql`
    select id from users where purge_at <= ${now}::timestamptz order by purge_at, id limit ${usersPerPass}`);
  const purged: PurgeSummary[] = [];
  let lockTaken = true;
  const guard = async (tx: Queryable) => {
    lockTaken = await takePurgeLock(tx);
    return lockTaken;
  };
  for (const { id } of due) {
    try {
      const summary = await purgeUser(deps, id, { dueBy: now, guard });
      if (!lockTaken) break;
      if (!summary) continue;
      purged.push(summary);
      deps.log.info("purged user", { userId: id, things: summary.things, lists: summary.lists, images: summary.images, filesRemoved: summary.filesRemoved });
    } catch (error) {
      deps.log.error("purging user failed; will retry at the next pass", { userId: id, error });
    }
  }
  // Last, so the words of the users purged in this pass leave the vocabulary in the same pass.
  const removedWords = await deps.db.transaction(async (tx) => ((await takePurgeLock(tx)) ? pruneSearchVocabulary(tx) : 0));
  if (removedWords > 0) deps.log.info("removed words from the search vocabulary", { words: removedWords });
  return purged;
}

export interface PurgeWorker {
  /** Finish the pass in progress and stop. */
  stop(): Promise<void>;
}

/** Purge users whose deletion is due: one pass at once, then one every minute. */
export function startPurgeWorker(deps: PurgeWorkerDeps & { intervalMs?: number }): PurgeWorker {
  const loop = startBackgroundLoop({
    name: "purge worker",
    intervalMs: deps.intervalMs ?? passIntervalMs,
    log: deps.log,
    runPass: async () => {
      await runPurgePass(deps);
    },
  });
  return { stop: () => loop.stop() };
}
