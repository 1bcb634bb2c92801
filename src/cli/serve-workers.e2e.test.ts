import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSigningKeyText } from "../auth/signing-key.ts";
import type { Database } from "../db/database.ts";
import { newId } from "../db/ids.ts";
import { migrate } from "../db/migrate.ts";
import { connectPostgresUrl } from "../db/postgres.ts";
import { sql } from "../db/sql.ts";
import { startPostgresCluster, type PostgresCluster } from "../testing/postgres-cluster.ts";

// `serve` and `delete-user` as an operator runs them: separate processes on one PostgreSQL
// database, with the mail and purge workers running inside `serve`.
const root = join(import.meta.dir, "../..");
let cluster: PostgresCluster | undefined;
let serverUrl: string;
let databaseName: string;
let db: Database;
let directory: string;
let configFile: string;
let imageStore: string;

async function freePort(): Promise<number> {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = probe.port as number;
  await probe.stop(true);
  return port;
}

async function onServer(statement: ReturnType<typeof sql>): Promise<void> {
  const admin = connectPostgresUrl(serverUrl, 1);
  try {
    await admin.query(statement);
  } finally {
    await admin.close();
  }
}

beforeAll(async () => {
  serverUrl = process.env.STASHSPHERE_TEST_DATABASE_URL ?? "";
  if (!serverUrl) {
    cluster = await startPostgresCluster();
    serverUrl = cluster.url;
  }
  databaseName = `stashsphere_e2e_accounts_${crypto.randomUUID().slice(0, 8)}`;
  await onServer(sql`create database ${sql.raw(databaseName)}`);
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  db = connectPostgresUrl(url.href, 2);
  await migrate(db);

  directory = await mkdtemp(join(tmpdir(), "stashsphere-e2e-accounts-"));
  imageStore = join(directory, "images");
  await Bun.write(join(imageStore, ".keep"), "");
  const server = new URL(serverUrl);
  const settings = {
    database: {
      host: server.searchParams.get("host") ?? server.hostname,
      ...(server.port ? { port: Number(server.port) } : {}),
      user: decodeURIComponent(server.username),
      ...(server.password ? { password: decodeURIComponent(server.password) } : {}),
      name: databaseName,
      sslmode: "disable",
    },
    listenAddress: `127.0.0.1:${await freePort()}`,
    auth: { privateKey: generateSigningKeyText() },
    image: { path: imageStore, cachePath: join(directory, "cache") },
    stateDirectory: join(directory, "state"),
    instanceName: "E2E Stash",
    email: { backend: "stdout" },
    log: { level: "info" },
  };
  configFile = join(directory, "config.json");
  await writeFile(configFile, JSON.stringify(settings));
});

afterAll(async () => {
  await db?.close();
  if (databaseName) await onServer(sql`drop database if exists ${sql.raw(databaseName)} with (force)`);
  await cluster?.stop();
  if (directory) await rm(directory, { recursive: true, force: true });
});

async function insertUser(purgeAt: Date | null): Promise<{ id: string; email: string; hash: string }> {
  const id = newId();
  const email = `e2e-${id.toLowerCase()}@example.test`;
  // Shaped like a content hash (52 base32 letters), or the store refuses to touch it.
  const hash = `E2E${id.toUpperCase().replace(/[^A-Z]/g, "Q")}`.padEnd(52, "Q");
  await db.query(sql`insert into users (id, name, email, password_hash, purge_at) values (${id}, 'E2E', ${email}, 'x', ${purgeAt}::timestamptz)`);
  await db.query(sql`insert into things (id, name, owner_id) values (${newId()}, 'Thing', ${id})`);
  await db.query(sql`insert into images (id, name, mime, hash, owner_id) values (${newId()}, 'p.jpg', 'image/jpeg', ${hash}, ${id})`);
  await writeFile(join(imageStore, hash), "image");
  return { id, email, hash };
}

async function userExists(id: string): Promise<boolean> {
  return (await db.query(sql`select 1 from users where id = ${id}`)).length > 0;
}

describe("serve", () => {
  test("delivers queued mail, purges due users and stops cleanly", async () => {
    const due = await insertUser(new Date(Date.now() - 60_000));
    const recipient = await insertUser(null);
    await db.query(sql`
      insert into mail_outbox (recipient_user_id, to_address, subject, body)
      values (${recipient.id}, ${recipient.email}, '[E2E Stash] queued before start', 'Hello from the outbox')`);

    const child = Bun.spawn([process.execPath, "src/main.ts", "serve", "--conf", configFile], { cwd: root, stdout: "pipe", stderr: "pipe" });
    let stdout = "";
    const reading = (async () => {
      for await (const chunk of child.stdout) stdout += new TextDecoder().decode(chunk);
    })();

    const deadline = Date.now() + 20_000;
    while ((!stdout.includes("queued before start") || (await userExists(due.id))) && Date.now() < deadline) await Bun.sleep(100);

    child.kill("SIGTERM");
    const exitCode = await child.exited;
    await reading;
    const stderr = await new Response(child.stderr).text();

    expect(stdout).toContain(`To: ${recipient.email}\nSubject: [E2E Stash] queued before start\n\nHello from the outbox\n`);
    expect(await userExists(due.id)).toBe(false);
    expect(existsSync(join(imageStore, due.hash))).toBe(false);
    expect(await userExists(recipient.id)).toBe(true);
    const [mail] = await db.query<{ sent_at: Date | null }>(sql`select sent_at from mail_outbox where recipient_user_id = ${recipient.id}`);
    expect(mail?.sent_at).toBeInstanceOf(Date);
    expect(exitCode).toBe(0);
    expect(stderr).toContain("stopped");
  }, 40_000);
});

describe("delete-user command", () => {
  test("--yes deletes and prints counts", async () => {
    const user = await insertUser(null);
    const result = Bun.spawnSync([process.execPath, "src/main.ts", "delete-user", user.email, "--conf", configFile, "--yes"], { cwd: root });
    expect(result.stdout.toString()).toBe(`Deleted user "E2E" (${user.email}): 1 things, 0 lists, 1 images; 1 image files removed from the store\n`);
    expect(result.exitCode).toBe(0);
    expect(await userExists(user.id)).toBe(false);
  }, 20_000);

  test("without --yes and a terminal it deletes nothing", async () => {
    const user = await insertUser(null);
    // Ids may start with "-", so "--" ends the options before it.
    const result = Bun.spawnSync([process.execPath, "src/main.ts", "delete-user", "--conf", configFile, "--", user.id], { cwd: root, stdin: new Blob(["y\n"]) });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.toString()).toContain("pass --yes");
    expect(await userExists(user.id)).toBe(true);
  }, 20_000);

  test("-m schedules the deletion", async () => {
    const user = await insertUser(null);
    const result = Bun.spawnSync([process.execPath, "src/main.ts", "delete-user", "--conf", configFile, "-y", "-m", "-1", "--", user.id], { cwd: root });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.toString()).toContain("scheduled for deletion at");
    const [row] = await db.query<{ purge_at: Date | null }>(sql`select purge_at from users where id = ${user.id}`);
    expect(row?.purge_at?.getTime()).toBeLessThan(Date.now());
  }, 20_000);
});
