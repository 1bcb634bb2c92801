import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { connectPostgresUrl } from "../db/postgres.ts";
import { sql } from "../db/sql.ts";
import { findPostgresBinDir, startPostgresCluster } from "./postgres-cluster.ts";

// The cluster does not depend on the backend under test, so the PGlite run skips it.
const skip = !findPostgresBinDir() || process.env.STASHSPHERE_TEST_DB === "embedded";

async function waitUntilGone(path: string, deadlineMs: number): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  while (existsSync(path) && Date.now() < deadline) await Bun.sleep(200);
  return !existsSync(path);
}

describe.skipIf(skip)("throwaway cluster", () => {
  test("accepts connections on its socket and is removed by stop", async () => {
    const cluster = await startPostgresCluster();
    const db = connectPostgresUrl(cluster.url, 1);

    const rows = await db.query<{ tcp: string }>(sql`select current_setting('listen_addresses') as tcp`);
    await db.close();
    await cluster.stop();

    expect(rows[0]?.tcp).toBe("");
    expect(existsSync(cluster.directory)).toBe(false);
  });

  test("keeps its data across a restart", async () => {
    const cluster = await startPostgresCluster();
    try {
      const before = connectPostgresUrl(cluster.url, 1);
      await before.query(sql`create table kept (value text)`);
      await before.query(sql`insert into kept values ('still here')`);
      await before.close();

      await cluster.stopServer();
      expect(existsSync(join(cluster.directory, "data", "postmaster.pid"))).toBe(false);
      await cluster.startServer();

      const after = connectPostgresUrl(cluster.url, 1);
      const rows = await after.query<{ value: string }>(sql`select value from kept`);
      await after.close();
      expect(rows.map((row) => row.value)).toEqual(["still here"]);
    } finally {
      await cluster.stop();
    }
  });

  test("is removed after its process is killed", async () => {
    const script = `
      import { startPostgresCluster } from ${JSON.stringify(join(import.meta.dir, "postgres-cluster.ts"))};
      const cluster = await startPostgresCluster();
      console.log(cluster.directory);
      await Bun.sleep(60_000);
    `;
    const child = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "inherit" });
    const reader = child.stdout.getReader();
    const firstChunk = await reader.read();
    const directory = new TextDecoder().decode(firstChunk.value).trim();

    expect(existsSync(join(directory, "data", "postmaster.pid"))).toBe(true);
    child.kill("SIGKILL");
    await child.exited;

    expect(await waitUntilGone(directory, 20_000)).toBe(true);
  });
});
