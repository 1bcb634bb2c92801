import { describe, expect, test } from "bun:test";
import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { chooseTestBackend, freshDatabase, getTestDatabase } from "./database.ts";
import { findPostgresBinDir } from "./postgres-cluster.ts";

function expectedKind(): "postgres" | "embedded" {
  if (process.env.STASHSPHERE_TEST_DB === "embedded") return "embedded";
  if (process.env.STASHSPHERE_TEST_DATABASE_URL) return "postgres";
  return findPostgresBinDir() ? "postgres" : "embedded";
}

describe("test database", () => {
  test("runs select 1 on the requested backend", async () => {
    const db = await getTestDatabase();

    const row = await queryOne<{ one: number }>(db, sql`select 1 as one`);

    expect(row?.one).toBe(1);
    expect(db.kind).toBe(expectedKind());
  });

  test("is one database per process", async () => {
    expect(await getTestDatabase()).toBe(await getTestDatabase());
  });

  test("fresh one is empty and separate", async () => {
    const db = await getTestDatabase();
    const fresh = await freshDatabase();

    try {
      await fresh.db.query(sql`create table only_in_fresh (id int)`);
      const tables = await db.query(sql`select 1 from pg_tables where tablename = 'only_in_fresh'`);

      expect(fresh.db.kind).toBe(db.kind);
      expect(tables).toHaveLength(0);
    } finally {
      await fresh.drop();
    }
  });
});

describe.skipIf(expectedKind() !== "postgres")("fresh database on PostgreSQL", () => {
  test("another pool sees the same data", async () => {
    const fresh = await freshDatabase();

    try {
      await fresh.db.query(sql`create table shared_between_pools (id int)`);
      await fresh.db.query(sql`insert into shared_between_pools values (7)`);
      const other = fresh.openAnotherPool!();
      const row = await queryOne<{ id: number }>(other, sql`select id from shared_between_pools`);

      expect(row?.id).toBe(7);
    } finally {
      await fresh.drop();
    }
  });
});

describe("chooseTestBackend", () => {
  test("embedded wins over a database URL", () => {
    const env = { STASHSPHERE_TEST_DB: "embedded", STASHSPHERE_TEST_DATABASE_URL: "postgres://localhost/x" };
    expect(chooseTestBackend(env)).toBe("embedded");
  });

  test("database URL selects that server", () => {
    expect(chooseTestBackend({ STASHSPHERE_TEST_DATABASE_URL: "postgres://localhost/x" })).toBe("postgres-url");
  });

  test("unknown STASHSPHERE_TEST_DB is rejected", () => {
    expect(() => chooseTestBackend({ STASHSPHERE_TEST_DB: "sqlite" })).toThrow(/must be "embedded" or "postgres"/);
  });
});
