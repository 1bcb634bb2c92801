import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { migrations } from "../../migrations/index.ts";
import type { Queryable } from "./database.ts";
import { BASELINE_MIGRATION, migrate, MigrationFailedError, MigrationRejectedError, migrationStatus } from "./migrate.ts";
import { createOriginalSchema, originalData, runScript } from "./original-database-fixture.ts";
import { sql } from "./sql.ts";
import { createTestDatabase, type TestDatabase } from "./test-support.ts";

// Starting PGlite or a PostgreSQL cluster takes seconds on a cold cache.
setDefaultTimeout(60_000);

const namesAfterBaseline = migrations.map((migration) => migration.name).filter((name) => name !== BASELINE_MIGRATION);

let opened: TestDatabase[] = [];

async function originalDatabase(version?: string, dirty?: boolean): Promise<TestDatabase> {
  const database = await createTestDatabase();
  opened.push(database);
  await createOriginalSchema(database.db, version, dirty);
  return database;
}

afterEach(async () => {
  await Promise.all(opened.map((database) => database.close()));
  opened = [];
});

async function utcText(db: Queryable, table: string, column: string, where: string): Promise<string | null> {
  const [row] = await db.query<{ value: string | null }>(
    sql`select to_char(${sql.raw(column)} at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') as value from ${sql.raw(table)} where ${sql.raw(where)}`,
  );
  return row!.value;
}

async function columnType(db: Queryable, table: string, column: string): Promise<string> {
  const [row] = await db.query<{ type: string }>(
    sql`select data_type as type from information_schema.columns where table_name = ${table} and column_name = ${column}`,
  );
  return row!.type;
}

async function countRows(db: Queryable, table: string): Promise<number> {
  const [row] = await db.query<{ count: number }>(sql`select count(*)::int as count from ${sql.raw(table)}`);
  return row!.count;
}

/**
 * Lists columns, constraints, indexes, views, enums and our own functions of the current
 * schema as text, to compare two databases structurally. golang-migrate's table is left out.
 */
async function describeSchema(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ line: string }>(sql`
    with here as (select oid from pg_namespace where nspname = current_schema())
    select concat_ws(' ', 'column', table_name, ordinal_position, column_name, data_type, is_nullable, column_default) as line
    from information_schema.columns
    where table_schema = current_schema() and table_name <> 'schema_migrations'
    union all
    select concat_ws(' ', 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(c.oid))
    from pg_constraint c
    where connamespace = (select oid from here) and conrelid::regclass::text <> 'schema_migrations'
    union all
    select concat_ws(' ', 'index', indexdef)
    from pg_indexes
    where schemaname = current_schema() and tablename <> 'schema_migrations'
    union all
    select concat_ws(' ', 'view', viewname, definition) from pg_views where schemaname = current_schema()
    union all
    select concat_ws(' ', 'enum', t.typname, string_agg(e.enumlabel, ',' order by e.enumsortorder))
    from pg_type t join pg_enum e on e.enumtypid = t.oid
    where t.typnamespace = (select oid from here)
    group by t.typname
    union all
    select concat_ws(' ', 'function', pg_get_functiondef(p.oid))
    from pg_proc p
    where p.pronamespace = (select oid from here)
      and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
    order by 1
  `);
  return rows.map((row) => row.line);
}

describe("adopting a database of the original", () => {
  test("records the baseline and runs only later migrations", async () => {
    const { db } = await originalDatabase();
    await runScript(db, originalData);

    const status = await migrationStatus(db);
    expect(status).toEqual({
      applied: [],
      pending: namesAfterBaseline,
      unknown: [],
      adoptable: { originalVersion: "20260206120000" },
    });

    expect(await migrate(db)).toEqual(namesAfterBaseline);
    expect((await migrationStatus(db)).applied).toEqual(migrations.map((migration) => migration.name));
    const bookkeeping = await db.query<{ version: string; dirty: boolean }>(
      sql`select version::text as version, dirty from schema_migrations`,
    );
    expect(bookkeeping).toEqual([{ version: "20260206120000", dirty: false }]);
  });

  test("converts naive timestamps as UTC", async () => {
    const { db } = await originalDatabase();
    await runScript(db, originalData);
    await migrate(db);

    const cases: [table: string, column: string, where: string, expected: string][] = [
      ["users", "purge_at", "id = 'user-alice'", "2026-03-01 08:00:00.000000"],
      ["things", "created_at", "id = 'thing-drill'", "2025-03-17 19:43:40.123456"],
      ["images", "created_at", "id = 'image-drill'", "2025-03-17 19:43:40.123456"],
      ["lists", "created_at", "id = 'list-garage'", "2025-03-19 10:00:00.000000"],
      ["properties", "value_datetime", "id = 'property-bought'", "2024-12-24 18:00:00.000000"],
      ["quantity_entries", "created_at", "id = 'quantity-2'", "2025-05-01 07:00:00.000000"],
      ["shares", "created_at", "id = 'share-drill-bob'", "2025-04-01 10:00:00.000000"],
      ["friend_requests", "created_at", "id = 'request-carol-erin'", "2025-05-01 08:00:00.000000"],
      ["friendships", "created_at", "friend1_id = 'user-bob'", "2025-03-18 10:00:00.000000"],
      ["notifications", "acknowledged_at", "id = 'notification-1'", "2025-03-18 12:30:00.000000"],
      ["cart_entries", "created_at", "user_id = 'user-bob'", "2025-04-06 15:00:00.000000"],
      ["email_verifications", "verified_at", "user_id = 'user-alice'", "2025-03-17 20:00:00.000000"],
      ["email_verification_codes", "valid_until", "user_id = 'user-bob'", "2025-03-17 20:30:00.000000"],
    ];
    for (const [table, column, where, expected] of cases) {
      expect(await columnType(db, table, column)).toBe("timestamp with time zone");
      expect(`${table}.${column} ${await utcText(db, table, column, where)}`).toBe(`${table}.${column} ${expected}`);
    }

    const [thing] = await db.query<{ created_at: Date }>(sql`select created_at from things where id = 'thing-drill'`);
    expect(thing!.created_at.toISOString()).toBe("2025-03-17T19:43:40.123Z");
  });

  test("conversion ignores the session time zone", async () => {
    const { db } = await originalDatabase();
    await runScript(db, originalData);
    const elsewhere = { name: "20260206120001_session_in_auckland", sql: "set local timezone = 'Pacific/Auckland'" };

    await migrate(db, { migrations: [migrations[0]!, elsewhere, ...migrations.slice(1)] });

    expect(await utcText(db, "things", "created_at", "id = 'thing-drill'")).toBe("2025-03-17 19:43:40.123456");
    expect(await utcText(db, "users", "purge_at", "id = 'user-alice'")).toBe("2026-03-01 08:00:00.000000");
  });

  test("keeps the data of every table", async () => {
    const { db } = await originalDatabase();
    await runScript(db, originalData);
    await migrate(db);

    const expectedCounts: Record<string, number> = {
      users: 5,
      images: 3,
      things: 3,
      lists: 2,
      images_things: 2,
      lists_things: 3,
      properties: 3,
      quantity_entries: 2,
      notifications: 2,
      profiles: 2,
      cart_entries: 1,
      email_verifications: 2,
      email_verification_codes: 1,
    };
    for (const [table, expected] of Object.entries(expectedCounts)) {
      expect(`${table}: ${await countRows(db, table)}`).toBe(`${table}: ${expected}`);
    }

    const [drill] = await db.query<{ name: string; quantity: number; description: string }>(sql`
      select t.name, t.description, (select sum(delta_value)::int from quantity_entries q where q.thing_id = t.id) as quantity
      from things t where t.id = 'thing-drill'
    `);
    expect(drill).toEqual({ name: "Bohrmaschine", description: "Schlagbohrmaschine, 650 W", quantity: 1 });
    const [users] = await db.query<{ without_password: number; epochs: number }>(sql`
      select count(*) filter (where password_hash is null)::int as without_password, sum(session_epoch)::int as epochs from users
    `);
    expect(users).toEqual({ without_password: 0, epochs: 0 });
  });

  test("turns share links into one share per object and target", async () => {
    const { db } = await originalDatabase();
    await runScript(db, originalData);
    await migrate(db);

    const shares = await db.query<{ id: string; target: string; thing: string | null; list: string | null }>(sql`
      select id, target_user_id as target, thing_id as thing, list_id as list
      from shares order by target_user_id, thing_id nulls last, list_id
    `);
    const splitId = (position: number) => new Bun.CryptoHasher("md5").update(`share-many-erin:${position}`).digest("hex").slice(0, 21);
    expect(shares).toEqual([
      { id: "share-drill-bob", target: "user-bob", thing: "thing-drill", list: null },
      { id: "share-garage-carol", target: "user-carol", thing: null, list: "list-garage" },
      { id: "share-many-erin", target: "user-erin", thing: "thing-drill", list: null },
      { id: splitId(2), target: "user-erin", thing: "thing-saw", list: null },
      { id: splitId(3), target: "user-erin", thing: null, list: "list-garage" },
    ]);

    const links = await db.query<{ share_id: string; thing_id: string }>(
      sql`select share_id, thing_id from shares_things order by share_id, thing_id`,
    );
    expect(links).toHaveLength(3);
    expect(links).toContainEqual({ share_id: "share-drill-bob", thing_id: "thing-drill" });
  });

  test("leaves one friendship per pair", async () => {
    const { db } = await originalDatabase();
    await runScript(db, originalData);
    await migrate(db);

    const friendships = await db.query(sql`select friend1_id, friend2_id, friend_request_id from friendships`);
    expect(friendships).toEqual([
      { friend1_id: "user-bob", friend2_id: "user-alice", friend_request_id: "request-alice-bob" },
    ]);
  });

  test("leaves one pending request per pair", async () => {
    const { db } = await originalDatabase();
    await runScript(db, originalData);
    await migrate(db);

    const requests = await db.query<{ id: string; state: string; answered: string; closed_by_migration: boolean }>(sql`
      select id, state::text as state, to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as answered,
             updated_at > created_at + interval '1 day' as closed_by_migration
      from friend_requests order by id
    `);
    expect(requests.map(({ id, state }) => `${id} ${state}`)).toEqual([
      "request-alice-bob accepted",
      "request-bob-alice accepted",
      "request-carol-bob rejected",
      "request-carol-erin pending",
      "request-carol-erin-again rejected",
      "request-erin-carol rejected",
    ]);
    const answered = Object.fromEntries(requests.map(({ id, answered }) => [id, answered]));
    expect(answered["request-alice-bob"]).toBe("2025-03-18 10:00");
    expect(answered["request-bob-alice"]).toBe("2025-03-18 09:05");
    expect(answered["request-carol-bob"]).toBe("2025-03-21 12:00");
    expect(answered["request-carol-erin"]).toBe("2025-05-01 08:00");
    const closedByMigration = requests.filter((request) => request.closed_by_migration).map((request) => request.id);
    expect(closedByMigration).toEqual(["request-carol-erin-again", "request-erin-carol"]);
  });

  test("deleting an adopted user removes their rows", async () => {
    const { db } = await originalDatabase();
    await runScript(db, originalData);
    await migrate(db);

    await db.query(sql`delete from users where id = 'user-alice'`);

    const remaining = await db.query<{ things: number; images: number; shares: number; friendships: number; verifications: number }>(sql`
      select
        (select count(*)::int from things) as things,
        (select count(*)::int from images) as images,
        (select count(*)::int from shares) as shares,
        (select count(*)::int from friendships) as friendships,
        (select count(*)::int from email_verifications) as verifications
    `);
    expect(remaining).toEqual([{ things: 1, images: 1, shares: 0, friendships: 0, verifications: 1 }]);
  });

  test("ends with the schema of a fresh database", async () => {
    const adopted = await originalDatabase();
    await runScript(adopted.db, originalData);
    await migrate(adopted.db);
    const fresh = await createTestDatabase();
    opened.push(fresh);
    await migrate(fresh.db);

    expect(await describeSchema(adopted.db)).toEqual(await describeSchema(fresh.db));
  });
});

describe("adoption stops", () => {
  test("at e-mail addresses differing only in case", async () => {
    const { db } = await originalDatabase();
    await runScript(
      db,
      `insert into users (id, name, email, password_hash) values
         ('user-1', 'Alice', 'alice@example.org', 'hash'),
         ('user-2', 'Alice again', 'Alice@Example.org', 'hash'),
         ('user-3', 'Bob', 'bob@example.org', 'hash');`,
    );

    const error = await migrate(db).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MigrationFailedError);
    expect((error as Error).message).toContain("20261204120400_case_insensitive_emails");
    expect((error as Error).message).toContain("Alice@Example.org (user user-2), alice@example.org (user user-1)");
    expect((error as Error).message).not.toContain("bob@example.org");
    expect(await columnType(db, "things", "created_at")).toBe("timestamp without time zone");
    const [bookkeeping] = await db.query<{ found: boolean }>(sql`select to_regclass('stashsphere_migrations') is not null as found`);
    expect(bookkeeping!.found).toBe(false);
  });

  const rejected: [description: string, version: string, dirty: boolean, message: string][] = [
    [
      "an older version",
      "20250911181307",
      false,
      "database was migrated by the original StashSphere to version 20250911181307; upgrade it with the original to 20260206120000 first",
    ],
    [
      "a dirty state",
      "20260206120000",
      true,
      "database was migrated by the original StashSphere to version 20260206120000, which is marked dirty: a migration of the original failed half-way; repair it first",
    ],
    [
      "a newer version",
      "20260301000000",
      false,
      "database was migrated by a newer original StashSphere (version 20260301000000) than this release can take over (version 20260206120000)",
    ],
  ];
  for (const [description, version, dirty, message] of rejected) {
    test(`at ${description}`, async () => {
      const { db } = await originalDatabase(version, dirty);

      const error = await migrate(db).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(MigrationRejectedError);
      expect((error as Error).message).toStartWith(message);
      const status = await migrationStatus(db);
      expect(status.rejection).toBe((error as Error).message);
      expect(status.pending).toEqual([]);
      expect(await columnType(db, "things", "created_at")).toBe("timestamp without time zone");
    });
  }
});
