import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { migrations } from "../../migrations/index.ts";
import type { Queryable } from "./database.ts";
import { migrate, MigrationFailedError, MigrationRejectedError, migrationStatus } from "./migrate.ts";
import { runScript } from "./original-database-fixture.ts";
import { sql } from "./sql.ts";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "./test-support.ts";

// Starting PGlite or a PostgreSQL cluster takes seconds on a cold cache.
setDefaultTimeout(60_000);

const allNames = migrations.map((migration) => migration.name);

let opened: TestDatabase[] = [];

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  opened.push(database);
  return database;
}

afterEach(async () => {
  await Promise.all(opened.map((database) => database.close()));
  opened = [];
});

async function tableExists(db: Queryable, name: string): Promise<boolean> {
  const [row] = await db.query<{ found: boolean }>(sql`select to_regclass(${name}) is not null as found`);
  return row!.found;
}

describe("migrate on an empty database", () => {
  test("applies every migration in order", async () => {
    const { db } = await freshDatabase();

    expect(await migrate(db)).toEqual(allNames);

    const recorded = await db.query<{ name: string }>(sql`select name from stashsphere_migrations order by name`);
    expect(recorded.map((row) => row.name)).toEqual(allNames);
  });

  test("second run applies nothing", async () => {
    const { db } = await freshDatabase();
    await migrate(db);

    expect(await migrate(db)).toEqual([]);
    expect(await migrationStatus(db)).toEqual({ applied: allNames, pending: [], unknown: [] });
  });

  test("status before the first run lists everything as pending", async () => {
    const { db } = await freshDatabase();

    expect(await migrationStatus(db)).toEqual({ applied: [], pending: allNames, unknown: [] });
  });
});

describe("migrate failures", () => {
  test("failing migration leaves nothing behind", async () => {
    const { db } = await freshDatabase();
    const broken = { name: "29991231000000_broken", sql: "create table half_done (id int);\nselect 1 / 0;" };

    const error = await migrate(db, { migrations: [...migrations, broken] }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MigrationFailedError);
    expect((error as Error).message).toBe(
      "migration 29991231000000_broken failed at statement 2 (select 1 / 0): division by zero",
    );
    expect(await tableExists(db, "stashsphere_migrations")).toBe(false);
    expect(await tableExists(db, "users")).toBe(false);
    expect(await tableExists(db, "half_done")).toBe(false);
  });

  test("migration that commits is rejected", async () => {
    const { db } = await freshDatabase();
    const committing = { name: "29991231000000_commits", sql: "-- finish early\ncommit;\ncreate table after_commit (id int);" };

    const error = await migrate(db, { migrations: [committing] }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MigrationFailedError);
    expect((error as Error).message).toContain("a migration must not control the transaction");
    expect(await tableExists(db, "after_commit")).toBe(false);
  });

  test("foreign database is rejected untouched", async () => {
    const { db } = await freshDatabase();
    await runScript(db, "create table inventory (id int); create table owners (id int);");

    const error = await migrate(db).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MigrationRejectedError);
    expect((error as Error).message).toBe(
      "database has tables (inventory, owners) but no migration bookkeeping of StashSphere (stashsphere_migrations) or of the original (schema_migrations), so it is not a StashSphere database; configure an empty database instead",
    );
    expect(await tableExists(db, "stashsphere_migrations")).toBe(false);
    expect((await migrationStatus(db)).rejection).toBe((error as Error).message);
  });

  test("newer release's migrations block older pending ones", async () => {
    const { db } = await freshDatabase();
    await migrate(db);
    await db.query(sql`insert into stashsphere_migrations (name) values ('29990101000000_from_the_future')`);

    expect(await migrate(db)).toEqual([]);
    const status = await migrationStatus(db);
    expect(status.unknown).toEqual(["29990101000000_from_the_future"]);
    expect(status.rejection).toBeUndefined();

    const older = { name: "29980101000000_older", sql: "create table older (id int)" };
    const error = await migrate(db, { migrations: [...migrations, older] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MigrationRejectedError);
    expect((error as Error).message).toContain("(29990101000000_from_the_future), so a newer StashSphere migrated it");
    expect(await tableExists(db, "older")).toBe(false);
    const statusWithOlder = await migrationStatus(db, { migrations: [...migrations, older] });
    expect(statusWithOlder.rejection).toBe((error as Error).message);
    expect(statusWithOlder.pending).toEqual([]);
  });
});

describe.skipIf(testDatabaseKind() === "embedded")("migrate from several instances", () => {
  test("racing runs apply each migration once", async () => {
    const database = await freshDatabase();
    const pools = [database.db, database.openAnotherPool!(), database.openAnotherPool!()];

    const results = await Promise.all(pools.map((pool) => migrate(pool)));

    expect(results.flat().sort()).toEqual(allNames);
    expect(results.filter((names) => names.length > 0)).toHaveLength(1);
    const [row] = await database.db.query<{ count: number }>(sql`select count(*)::int as count from stashsphere_migrations`);
    expect(row!.count).toBe(allNames.length);
  });
});
