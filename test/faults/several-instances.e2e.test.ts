import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { newId } from "../../src/db/ids.ts";
import { sql } from "../../src/db/sql.ts";
import { migrations } from "../../migrations/index.ts";
import { uniquePhoto } from "../../src/images/testing/unique-photo.ts";
import { createFaultDatabase, insertFaultUser, prepareServeSetup, type FaultDatabase, type FaultUser, type ServeSetup } from "./support/fault-setup.ts";
import { startHaproxy, type LoadBalancer } from "../../src/testing/haproxy.ts";
import { imageForm } from "./support/image-files.ts";
import { startMixedLoad, tally } from "./support/mixed-load.ts";
import { expectCreatedThingsWhole } from "./support/outcome-checks.ts";
import { usePostgresServer } from "./support/postgres-server.ts";
import { freePort, runStashsphere, startServe, type ServeProcess } from "./support/serve-process.ts";

// Two `serve` processes on one PostgreSQL database, one image directory and one signing key,
// behind haproxy on loopback, as docs/several-instances.md describes.
const password = "correct horse battery staple";

let server: Awaited<ReturnType<typeof usePostgresServer>> | undefined;
let database: FaultDatabase | undefined;
let setup: ServeSetup | undefined;
let balancer: LoadBalancer | string = "not started";
const instances: { port: number; configFile: string; serve: ServeProcess }[] = [];
const outputsOfStoppedInstances: string[] = [];
let user: FaultUser;
let dueUserId: string;
let migrateRuns: { code: number | null; stdout: string; stderr: string }[] = [];

beforeAll(async () => {
  server = await usePostgresServer();
  database = await createFaultDatabase(server.url, { migrated: false });
  setup = await prepareServeSetup(database.settings);

  // Two migrate commands at once on the empty database.
  const migrateConfig = await setup.writeConfig(await freePort());
  migrateRuns = await Promise.all([runStashsphere(["migrate", "--conf", migrateConfig]), runStashsphere(["migrate", "--conf", migrateConfig])]);

  const passwordHash = await Bun.password.hash(password, { algorithm: "argon2id", memoryCost: 4096, timeCost: 1 });
  user = await insertFaultUser(database.db, setup.signingKey, "Ada");
  await database.db.query(sql`update users set password_hash = ${passwordHash} where id = ${user.id}`);
  // A user whose deletion is due before either instance starts: both run a purge pass at once.
  dueUserId = (await insertFaultUser(database.db, setup.signingKey, "Due")).id;
  await database.db.query(sql`update users set purge_at = now() - interval '1 minute' where id = ${dueUserId}`);

  for (let index = 0; index < 2; index += 1) {
    const port = await freePort();
    const configFile = await setup.writeConfig(port, { trustedProxies: ["127.0.0.1"] });
    instances.push({ port, configFile, serve: startServe(configFile, port) });
  }
  await Promise.all(instances.map((instance) => instance.serve.waitUntilReady(60_000)));
  balancer = await startHaproxy(setup.directory, await freePort(), instances.map((instance) => instance.port));
  if (typeof balancer === "string") console.log(`load balancer tests skipped: ${balancer}`);
}, 120_000);

afterAll(async () => {
  if (typeof balancer !== "string") await balancer.stop();
  for (const instance of instances) instance.serve.kill("SIGKILL");
  await database?.drop();
  await server?.release();
  await setup?.remove();
});

const [first, second] = [() => instances[0]!, () => instances[1]!];

async function restartInstance(index: number): Promise<void> {
  const instance = instances[index]!;
  instance.serve.kill("SIGTERM");
  const end = await instance.serve.exited;
  expect(end).toEqual({ code: 0, signal: null });
  outputsOfStoppedInstances.push(instance.serve.output());
  instance.serve = startServe(instance.configFile, instance.port);
  await instance.serve.waitUntilReady(60_000);
}

async function login(baseUrl: string, attemptPassword: string): Promise<Response> {
  return fetch(`${baseUrl}/api/user/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: user.email, password: attemptPassword }) });
}

function cookiesOf(response: Response): string {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
}

describe("two instances on one database", () => {
  test("two migrate commands at once apply each migration once", async () => {
    expect(migrateRuns.map((run) => run.code)).toEqual([0, 0]);
    const outputs = migrateRuns.map((run) => run.stdout.split("\n").filter(Boolean).at(-1)).sort();
    expect(outputs).toEqual([`${migrations.length} migration(s) applied`, "database schema is up to date; nothing to apply"].sort());
    const applied = await database!.db.query<{ name: string; count: number }>(sql`select name, count(*)::int as count from stashsphere_migrations group by name`);
    expect(applied.length).toBe(migrations.length);
    expect(applied.filter((row) => row.count !== 1)).toEqual([]);
  });

  test("a due user is purged by exactly one instance", async () => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (await database!.db.query(sql`select 1 from users where id = ${dueUserId}`)).length > 0) await Bun.sleep(100);
    const outputs = [...instances.map((instance) => instance.serve.output()), ...outputsOfStoppedInstances];
    const purgeLines = outputs.flatMap((output) => output.split("\n").filter((line) => line.includes("purged user") && line.includes(dueUserId)));

    expect(await database!.db.query(sql`select 1 from users where id = ${dueUserId}`)).toEqual([]);
    expect(purgeLines.length).toBe(1);
  });

  test("a session from one instance is valid on the other", async () => {
    const loggedIn = await login(first().serve.baseUrl, password);
    expect(loggedIn.status).toBe(200);
    const cookie = cookiesOf(loggedIn);

    const profile = await fetch(`${second().serve.baseUrl}/api/user/profile`, { headers: { Cookie: cookie } });
    expect(profile.status).toBe(200);
    expect(((await profile.json()) as { email: string }).email).toBe(user.email);
    const refreshed = await fetch(`${second().serve.baseUrl}/api/user/refresh`, { method: "POST", headers: { Cookie: cookie } });
    expect(refreshed.status).toBe(200);
  });

  test("login rate limit counts attempts on both instances", async () => {
    // The per-account bucket has room for 10 attempts and refills one a minute.
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const instance = attempt % 2 === 0 ? first() : second();
      statuses.push((await login(instance.serve.baseUrl, `wrong password ${attempt}`)).status);
    }
    const firstRefusal = statuses.indexOf(429);
    expect(firstRefusal).toBeGreaterThan(0);
    expect(firstRefusal).toBeLessThanOrEqual(10);
    expect(statuses.slice(firstRefusal).every((status) => status === 429)).toBe(true);
    expect(statuses.slice(0, firstRefusal).every((status) => status === 401)).toBe(true);
  });

  test("an image uploaded through one is served by the other", async () => {
    const photo = await uniquePhoto(300);
    const uploaded = await fetch(`${first().serve.baseUrl}/api/images`, { method: "POST", headers: { Cookie: user.cookie }, body: imageForm(photo) });
    expect(uploaded.status).toBe(201);
    const { hash } = (await uploaded.json()) as { hash: string };

    const asset = await fetch(`${second().serve.baseUrl}/assets/${hash}`, { headers: { Cookie: user.cookie } });
    expect(asset.status).toBe(200);
    const resized = await fetch(`${second().serve.baseUrl}/assets/${hash}?width=96`, { headers: { Cookie: user.cookie } });
    expect(resized.status).toBe(200);
  });

  test("rolling restart behind haproxy loses no request", async () => {
    if (typeof balancer === "string") {
      console.log(`skipped: ${balancer}`);
      return;
    }
    const cartThing = newId();
    await database!.db.query(sql`insert into things (id, name, owner_id) values (${cartThing}, 'cart target', ${user.id})`);
    const namePrefix = `rolling-${newId()}`;
    const lb = balancer;
    const load = startMixedLoad({ baseUrl: lb.baseUrl, users: [user], cartThings: new Map([[user.id, [cartThing]]]), clients: 8, requestDeadlineMs: 15_000, namePrefix });
    await Bun.sleep(1_000);
    const phases: Record<string, number> = { before: load.outcomes.length };
    await restartInstance(0);
    phases.afterFirstRestart = load.outcomes.length;
    await Bun.sleep(1_000);
    await restartInstance(1);
    phases.afterSecondRestart = load.outcomes.length;
    await Bun.sleep(1_000);
    await load.stop();

    const failures = load.outcomes.filter((outcome) => outcome.status < 200 || outcome.status >= 300);
    const retried = await lb.retries();
    console.log(
      `rolling restart: ${load.outcomes.length} requests through haproxy, ${failures.length} failed ${JSON.stringify(tally(failures))},`,
      `${retried.retries} retries and ${retried.redispatches} redispatches by haproxy; outcomes by phase ${JSON.stringify(phases)}`,
    );
    expect(tally(failures)).toEqual({});
    expect(await expectCreatedThingsWhole(database!.db, namePrefix, load.outcomes)).toBeGreaterThan(0);
  }, 120_000);
});
