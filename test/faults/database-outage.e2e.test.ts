import { afterAll, beforeAll, expect, test } from "bun:test";
import { newId } from "../../src/db/ids.ts";
import { sql } from "../../src/db/sql.ts";
import { findPostgresBinDir, startPostgresCluster, type PostgresCluster } from "../../src/testing/postgres-cluster.ts";
import { createFaultDatabase, insertFaultUser, prepareServeSetup, type FaultDatabase, type FaultUser, type ServeSetup } from "./support/fault-setup.ts";
import { startMixedLoad } from "./support/mixed-load.ts";
import { expectCreatedThingsWhole, expectEveryFailureIsA503, outcomesWithin, reportOutage, waitForSuccessAfter } from "./support/outcome-checks.ts";
import { freePort, startServe, type ServeProcess } from "./support/serve-process.ts";
import { freezePostgres } from "./support/freeze-postgres.ts";

// PostgreSQL fails under a running `serve` with mixed reads and writes: first it is stopped
// (`pg_ctl stop -m fast`) and started again, then it hangs (SIGSTOP) and resumes.
// STASHSPHERE_FAULTS_OUTAGE_SECONDS sets how long each outage lasts (8 s by default, to keep
// the suite short).
const outageMs = Number(process.env.STASHSPHERE_FAULTS_OUTAGE_SECONDS ?? 8) * 1000;
const requestDeadlineMs = 5_000;
// serve's database.queryTimeoutSeconds for this test: with a hung database, requests get a 503
// after it plus postgres.js's cancel timeout.
const queryTimeoutSeconds = 2;
const hungRequestDeadlineMs = 10_000;
const namePrefix = `restart-${newId()}`;

let cluster: PostgresCluster | undefined;
let database: FaultDatabase | undefined;
let setup: ServeSetup | undefined;
let serve: ServeProcess | undefined;
const users: FaultUser[] = [];
const cartThings = new Map<string, string[]>();

beforeAll(async () => {
  cluster = await startPostgresCluster();
  database = await createFaultDatabase(cluster.url);
  setup = await prepareServeSetup(database.settings);
  for (const name of ["Ada", "Brook", "Cyd"]) {
    const user = await insertFaultUser(database.db, setup.signingKey, name);
    users.push(user);
    const ids = [newId(), newId()];
    for (const id of ids) await database.db.query(sql`insert into things (id, name, owner_id) values (${id}, 'cart target', ${user.id})`);
    cartThings.set(user.id, ids);
  }
  const port = await freePort();
  serve = startServe(await setup.writeConfig(port, { database: { ...database.settings, queryTimeoutSeconds } }), port);
  await serve.waitUntilReady();
}, 60_000);

afterAll(async () => {
  if (process.env.STASHSPHERE_FAULTS_SHOW_OUTPUT) console.log(serve?.output());
  serve?.kill("SIGKILL");
  await serve?.exited;
  await database?.db.close().catch(() => {});
  await cluster?.stop();
  await setup?.remove();
});

async function readinessStatus(baseUrl: string): Promise<number> {
  const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(requestDeadlineMs) });
  return response.status;
}

test.skipIf(!findPostgresBinDir())("database restart under load: 503s, recovery, no partial writes", async () => {
  const baseUrl = serve!.baseUrl;
  const load = startMixedLoad({ baseUrl, users, cartThings, clients: 8, requestDeadlineMs, namePrefix });
  await Bun.sleep(1_500);

  await cluster!.stopServer("fast");
  const stoppedAt = performance.now();
  await Bun.sleep(outageMs / 2);
  const readinessWhileDown = await readinessStatus(baseUrl);
  await Bun.sleep(outageMs / 2);

  await cluster!.startServer();
  // Recovery is measured from the moment `pg_ctl start -w` returns, when PostgreSQL accepts connections.
  const startedAt = performance.now();
  const firstSuccess = await waitForSuccessAfter(load.outcomes, startedAt, 15_000);
  await Bun.sleep(1_500);
  await load.stop();
  const readinessAfter = await readinessStatus(baseUrl);
  const outcomes = load.outcomes;
  reportOutage("postgres restart", outcomes, { from: stoppedAt, to: startedAt, recoveredBy: firstSuccess });

  expectEveryFailureIsA503(outcomes);
  const duringOutage = outcomesWithin(outcomes, stoppedAt, startedAt);
  expect(duringOutage.length).toBeGreaterThan(0);
  expect(duringOutage.every((outcome) => outcome.status === 503)).toBe(true);
  expect(readinessWhileDown).toBe(503);
  expect(firstSuccess).toBeDefined();
  expect(readinessAfter).toBe(200);
  expect(await expectCreatedThingsWhole(database!.db, namePrefix, outcomes)).toBeGreaterThan(0);
}, 60_000);

test.skipIf(!findPostgresBinDir())("hung database under load: 503s within the deadline, recovery", async () => {
  const baseUrl = serve!.baseUrl;
  const prefix = `${namePrefix}-hung`;
  const load = startMixedLoad({ baseUrl, users, cartThings, clients: 8, requestDeadlineMs: hungRequestDeadlineMs, namePrefix: prefix, pauseMs: 20 });
  await Bun.sleep(1_500);

  const thaw = freezePostgres(cluster!);
  const frozenAt = performance.now();
  await Bun.sleep(outageMs / 2);
  const readinessWhileHung = await readinessStatus(baseUrl);
  await Bun.sleep(outageMs / 2);
  thaw();
  const thawedAt = performance.now();
  const firstSuccess = await waitForSuccessAfter(load.outcomes, thawedAt, 15_000);
  await Bun.sleep(1_500);
  await load.stop();
  const outcomes = load.outcomes;
  reportOutage("hung database", outcomes, { from: frozenAt, to: thawedAt, recoveredBy: firstSuccess });

  expectEveryFailureIsA503(outcomes);
  const duringOutage = outcomesWithin(outcomes, frozenAt, thawedAt);
  expect(duringOutage.length).toBeGreaterThan(0);
  expect(duringOutage.every((outcome) => outcome.status === 503)).toBe(true);
  expect(readinessWhileHung).toBe(503);
  expect(firstSuccess).toBeDefined();
  await expectCreatedThingsWhole(database!.db, prefix, outcomes);
}, 60_000);
