import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { freshDatabase, type FreshDatabase } from "../testing/database.ts";
import type { Database } from "./database.ts";
import { sql } from "./sql.ts";

let fresh: FreshDatabase;
let limited: Database | undefined;

beforeAll(async () => {
  fresh = await freshDatabase();
  limited = fresh.openAnotherPool?.(1);
});

afterAll(() => fresh.drop());

// PGlite runs statements in this process, so a timeout there has nothing to outlive.
describe.skipIf(process.env.STASHSPHERE_TEST_DB === "embedded")("query timeout on PostgreSQL", () => {
  test("session sets statement_timeout", async () => {
    const [row] = await limited!.query<{ statement_timeout: string }>(sql`show statement_timeout`);
    expect(row?.statement_timeout).toBe("1s");
  });

  test("statement past the limit ends on the server", async () => {
    const error = await limited!.query(sql`select pg_sleep(30)`).catch((caught: unknown) => caught);
    expect((error as { code?: string }).code).toBe("57014");

    const running = await fresh.db.query<{ count: number }>(sql`
      select count(*)::int as count from pg_stat_activity
      where state = 'active' and query like '%pg_sleep(30)%' and pid <> pg_backend_pid()`);
    expect(running[0]?.count).toBe(0);
  });
});
