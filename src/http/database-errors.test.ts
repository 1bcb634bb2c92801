import { describe, expect, test } from "bun:test";
import { connectPostgres } from "../db/postgres.ts";
import { sql } from "../db/sql.ts";
import { isDatabaseUnavailable } from "./database-errors.ts";

async function errorOfFirstQuery(settings: Parameters<typeof connectPostgres>[0]): Promise<unknown> {
  const db = connectPostgres(settings);
  try {
    await db.query(sql`select 1`);
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await db.close();
  }
}

describe("isDatabaseUnavailable", () => {
  test("a missing Unix socket counts as unavailable", async () => {
    const error = await errorOfFirstQuery({ host: "/nonexistent-socket-directory", user: "postgres", name: "postgres", maxConnections: 1 });

    expect((error as { code?: string }).code).toBe("ENOENT");
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  test("a refused TCP connection counts as unavailable", async () => {
    // Port 1 (tcpmux) is reserved and nothing on a test machine listens there.
    const error = await errorOfFirstQuery({ host: "127.0.0.1", port: 1, user: "postgres", name: "postgres", maxConnections: 1, sslmode: "disable" });

    expect((error as { code?: string }).code).toBe("ECONNREFUSED");
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  test("shutdown, cancel and connection codes count as unavailable", () => {
    for (const code of ["57P01", "57P03", "57014", "08006", "CONNECTION_CLOSED", "QUERY_TIMEOUT"]) {
      expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code }))).toBe(true);
    }
  });

  test("a file that is missing outside a connect is not a database outage", () => {
    const error = Object.assign(new Error("ENOENT: no such file or directory, open '/x'"), { code: "ENOENT", syscall: "open" });

    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  test("a failed statement is not an outage", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("bug"))).toBe(false);
  });
});
