import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { Database } from "../db/database.ts";
import { migrate } from "../db/migrate.ts";
import { sql } from "../db/sql.ts";
import { silentLogger } from "../log/logger.ts";
import { createTestClock } from "../testing/app.ts";
import { chooseTestBackend, freshDatabase, type FreshDatabase } from "../testing/database.ts";
import { deleteExpiredRecords } from "./housekeeping.ts";
import { fillEveryTable, imageConfigFor, type PurgeFixture } from "./purge-test-fixture.ts";
import { purgeUser } from "./purge-user.ts";
import { purgeLockKey, runPurgePass, startPurgeWorker } from "./purge-worker.ts";

// Tables without rows of any account: migration bookkeeping, and rate limit buckets, which are
// keyed by client and expire on their own.
// The search vocabulary contains words, no ids. A test below checks that the victim's words are gone.
const tablesWithoutAccountRows = new Set(["stashsphere_migrations", "schema_migrations", "rate_limit_buckets", "search_vocabulary", "search_vocabulary_doubts"]);

// A database of its own: the purge pass deletes every due user, and the checks below scan whole tables.
let fresh: FreshDatabase;
let db: Database;
const stores: string[] = [];

beforeAll(async () => {
  fresh = await freshDatabase();
  db = fresh.db;
  await migrate(db);
});

afterAll(async () => {
  await Promise.all(stores.map((store) => rm(store, { recursive: true, force: true })));
  await fresh.drop();
});

async function fill(purgeAt: Date | null): Promise<PurgeFixture> {
  const fixture = await fillEveryTable(db, purgeAt);
  stores.push(fixture.imageStorePath);
  return fixture;
}

function workerDeps(fixture: PurgeFixture, database: Database = db, now = new Date()) {
  return { db: database, log: silentLogger, clock: createTestClock(now), config: imageConfigFor(fixture.imageStorePath) };
}

function purgeDeps(imageStorePath: string) {
  return { db, log: silentLogger, config: imageConfigFor(imageStorePath) };
}

async function baseTables(): Promise<string[]> {
  const rows = await db.query<{ table_name: string }>(sql`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
    order by table_name`);
  return rows.map((row) => row.table_name).filter((name) => !tablesWithoutAccountRows.has(name));
}

/** Rows per table whose JSON form mentions any of the ids. */
async function rowsMentioning(ids: readonly string[]): Promise<Record<string, number>> {
  const patterns = ids.map((id) => `%${id}%`);
  const counts: Record<string, number> = {};
  for (const table of await baseTables()) {
    // The name comes from the catalog; quoting it keeps it an identifier.
    const [row] = await db.query<{ count: number }>(sql`
      select count(*)::int as count from ${sql.raw(`"${table.replaceAll('"', '""')}"`)} t
      where row_to_json(t)::text like any (${patterns}::text[])`);
    counts[table] = row?.count ?? 0;
  }
  return counts;
}

async function ids(statement: ReturnType<typeof sql>): Promise<string[]> {
  return (await db.query<{ id: string }>(statement)).map((row) => row.id).sort();
}

describe("purge of a user who used every feature", () => {
  let fixture: PurgeFixture;
  let tablesBefore: Record<string, number>;
  let purged: Awaited<ReturnType<typeof runPurgePass>>;

  beforeAll(async () => {
    fixture = await fill(new Date(Date.now() - 60_000));
    tablesBefore = await rowsMentioning(fixture.victimIds);
    purged = await runPurgePass(workerDeps(fixture));
  });

  test("fixture has victim rows in every table", () => {
    const empty = Object.entries(tablesBefore).filter(([, count]) => count === 0).map(([table]) => table);
    expect(empty).toEqual([]);
    expect(Object.keys(tablesBefore).length).toBeGreaterThanOrEqual(18);
  });

  test("pass reports what it deleted", () => {
    expect(purged).toEqual([
      { userId: fixture.victim, name: "Victim", email: `victim-${fixture.victim}@example.test`, things: 2, lists: 1, images: 3, filesRemoved: 2 },
    ]);
  });

  test("no row mentions the victim or their objects", async () => {
    const left = Object.entries(await rowsMentioning(fixture.victimIds)).filter(([, count]) => count > 0);
    expect(left).toEqual([]);
  });

  test("no word of the victim's things stays in the search vocabulary", async () => {
    const words = await db.query<{ word: string }>(sql`select word from search_vocabulary order by word`);
    expect(words.map((row) => row.word)).toEqual(["ladder", "tent"]);
  });

  test("other users keep their own rows", async () => {
    expect(await ids(sql`select id from users where id in (${fixture.other}, ${fixture.friend})`)).toEqual([fixture.other, fixture.friend].sort());
    expect(await ids(sql`select id from things where id = any(${fixture.survivors.things}::text[])`)).toEqual([...fixture.survivors.things].sort());
    expect(await ids(sql`select id from lists where id = any(${fixture.survivors.lists}::text[])`)).toEqual(fixture.survivors.lists);
    expect(await ids(sql`select id from images where id = any(${fixture.survivors.images}::text[])`)).toEqual([...fixture.survivors.images].sort());
    expect(await ids(sql`select id from notifications where recipient_id = ${fixture.other}`)).toEqual(fixture.survivors.notifications);
    expect(await ids(sql`select id from friend_requests where id = any(${fixture.survivors.friendRequests}::text[])`)).toEqual(fixture.survivors.friendRequests);
    expect(await ids(sql`select friend1_id || ':' || friend2_id as id from friendships where ${fixture.other} in (friend1_id, friend2_id)`)).toEqual([
      `${fixture.friend}:${fixture.other}`,
    ]);
    expect(await ids(sql`select thing_id as id from cart_entries where user_id = ${fixture.other}`)).toEqual([fixture.survivors.things[1] as string]);
    expect(await ids(sql`select thing_id as id from lists_things where list_id = ${fixture.survivors.lists[0]}`)).toEqual([fixture.survivors.things[0] as string]);
    expect(await ids(sql`select image_id as id from profiles where user_id = ${fixture.other}`)).toEqual([fixture.survivors.images[0] as string]);
    expect(await ids(sql`select subject as id from mail_outbox where recipient_user_id = ${fixture.other}`)).toEqual(["queued for other"]);
    expect(await ids(sql`select user_id as id from password_reset_tokens where user_id = ${fixture.other}`)).toEqual([fixture.other]);
    expect(await ids(sql`select user_id as id from email_verification_codes where user_id = ${fixture.other}`)).toEqual([fixture.other]);
    expect(await ids(sql`select user_id as id from oidc_identities where user_id = ${fixture.friend}`)).toEqual([fixture.friend]);
  });

  test("only files no other image uses are deleted", () => {
    expect(existsSync(join(fixture.imageStorePath, fixture.files.victimOnly))).toBe(false);
    expect(existsSync(join(fixture.imageStorePath, fixture.files.sharedByHash))).toBe(true);
    expect(existsSync(join(fixture.imageStorePath, fixture.files.otherOnly))).toBe(true);
  });
});

describe("purge timing", () => {
  test("user not yet due is kept", async () => {
    const fixture = await fill(new Date(Date.now() + 60 * 60_000));
    const unscheduled = await fill(null);
    expect(await runPurgePass(workerDeps(fixture))).toEqual([]);
    expect(await ids(sql`select id from users where id in (${fixture.victim}, ${unscheduled.victim})`)).toEqual(
      [fixture.victim, unscheduled.victim].sort(),
    );
  });

  for (const zone of ["Pacific/Kiritimati", "Etc/GMT+12"]) {
    test(`due time holds in session time zone ${zone}`, async () => {
      const zoned = inTimeZone(db, zone);
      const [setting] = await zoned.query<{ zone: string }>(sql`select current_setting('TimeZone') as zone`);
      expect(setting?.zone).toBe(zone);

      const due = await fill(new Date(Date.now() - 60_000));
      const notDue = await fill(new Date(Date.now() + 2 * 60 * 60_000));
      const purged = await runPurgePass(workerDeps(due, zoned));
      expect(purged.map((summary) => summary.userId)).toEqual([due.victim]);
      expect(await ids(sql`select id from users where id in (${due.victim}, ${notDue.victim})`)).toEqual([notDue.victim]);
    });
  }
});

describe("purge exclusivity", () => {
  test.skipIf(chooseTestBackend() === "embedded")("second instance skips while the lock is held", async () => {
    const fixture = await fill(new Date(Date.now() - 60_000));
    const otherInstance = fresh.openAnotherPool?.() as Database;
    await db.transaction(async (tx) => {
      await tx.query(sql`select pg_advisory_xact_lock(${sql.raw(String(purgeLockKey))})`);
      expect(await runPurgePass(workerDeps(fixture, otherInstance))).toEqual([]);
    });
    expect(await ids(sql`select id from users where id = ${fixture.victim}`)).toEqual([fixture.victim]);
    expect((await runPurgePass(workerDeps(fixture, otherInstance))).map((summary) => summary.userId)).toEqual([fixture.victim]);
  });

  test("cancelled deletion is not purged", async () => {
    const fixture = await fill(new Date(Date.now() - 60_000));
    await db.query(sql`update users set purge_at = null where id = ${fixture.victim}`);
    const summary = await purgeUser(purgeDeps(fixture.imageStorePath), fixture.victim, { dueBy: new Date() });
    expect(summary).toBeUndefined();
    expect(await ids(sql`select id from users where id = ${fixture.victim}`)).toEqual([fixture.victim]);
  });
});

describe("purgeUser without a due time", () => {
  test("purges an unscheduled user at once", async () => {
    const fixture = await fill(null);
    const summary = await purgeUser(purgeDeps(fixture.imageStorePath), fixture.victim);
    expect(summary).toMatchObject({ things: 2, lists: 1, images: 3, filesRemoved: 2 });
    expect(await ids(sql`select id from users where id = ${fixture.victim}`)).toEqual([]);
  });

  test("unknown user returns undefined", async () => {
    expect(await purgeUser(purgeDeps("/nonexistent"), "no-such-user")).toBeUndefined();
  });
});

describe("housekeeping", () => {
  test("deletes only records past their use", async () => {
    const userId = (await fill(null)).other;
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 60 * 60_000);
    await db.query(sql`delete from email_verification_codes where user_id = ${userId}`);
    await db.query(sql`delete from password_reset_tokens where user_id = ${userId}`);
    await db.query(sql`delete from mail_outbox where recipient_user_id = ${userId}`);
    await db.query(sql`
      insert into email_verification_codes (user_id, email, digit_code, valid_until) values
        (${userId}, 'a@example.test', '10000001', ${hoursAgo(25)}::timestamptz),
        (${userId}, 'a@example.test', '10000002', ${hoursAgo(23)}::timestamptz),
        (${userId}, 'a@example.test', '10000003', ${hoursAgo(-1)}::timestamptz)`);
    await db.query(sql`
      insert into password_reset_tokens (token_hash, user_id, expires_at, used_at) values
        (${`used-${userId}`}, ${userId}, ${hoursAgo(-1)}::timestamptz, ${hoursAgo(0.5)}::timestamptz),
        (${`expired-${userId}`}, ${userId}, ${hoursAgo(1)}::timestamptz, null),
        (${`valid-${userId}`}, ${userId}, ${hoursAgo(-1)}::timestamptz, null)`);
    await db.query(sql`
      insert into mail_outbox (recipient_user_id, to_address, subject, body, created_at, sent_at, failed_at) values
        (${userId}, 'a@example.test', 'sent long ago', '', ${hoursAgo(31 * 24)}::timestamptz, ${hoursAgo(31 * 24)}::timestamptz, null),
        (${userId}, 'a@example.test', 'given up long ago', '', ${hoursAgo(31 * 24)}::timestamptz, null, ${hoursAgo(30 * 24)}::timestamptz),
        (${userId}, 'a@example.test', 'still queued', '', ${hoursAgo(31 * 24)}::timestamptz, null, null),
        (${userId}, 'a@example.test', 'sent recently', '', ${hoursAgo(29 * 24)}::timestamptz, ${hoursAgo(29 * 24)}::timestamptz, null)`);

    const counts = await db.transaction((tx) => deleteExpiredRecords(tx, new Date()));

    expect(counts.verificationCodes).toBeGreaterThanOrEqual(1);
    expect(await ids(sql`select digit_code as id from email_verification_codes where user_id = ${userId}`)).toEqual(["10000002", "10000003"]);
    expect(await ids(sql`select token_hash as id from password_reset_tokens where user_id = ${userId}`)).toEqual([`valid-${userId}`]);
    expect(await ids(sql`select subject as id from mail_outbox where recipient_user_id = ${userId}`)).toEqual(["sent recently", "still queued"]);
  });
});

describe("purge worker", () => {
  test("first pass runs at start", async () => {
    const fixture = await fill(new Date(Date.now() - 60_000));
    const worker = startPurgeWorker({ ...workerDeps(fixture), intervalMs: 60 * 60_000 });
    try {
      const deadline = Date.now() + 10_000;
      while ((await ids(sql`select id from users where id = ${fixture.victim}`)).length > 0 && Date.now() < deadline) await Bun.sleep(20);
    } finally {
      await worker.stop();
    }
    expect(await ids(sql`select id from users where id = ${fixture.victim}`)).toEqual([]);
  });
});

/** Wrap the database so that every statement runs in a session whose time zone is `zone`. */
function inTimeZone(database: Database, zone: string): Database {
  const setZone = (tx: Pick<Database, "query">) => tx.query(sql`select set_config('TimeZone', ${zone}, true)`);
  return {
    kind: database.kind,
    description: `${database.description} in ${zone}`,
    query: (statement) =>
      database.transaction(async (tx) => {
        await setZone(tx);
        return tx.query(statement);
      }),
    transaction: (work) =>
      database.transaction(async (tx) => {
        await setZone(tx);
        return work(tx);
      }),
    close: () => database.close(),
  };
}
