import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Database } from "../../src/db/database.ts";
import { openEmbedded } from "../../src/db/embedded.ts";
import { newId } from "../../src/db/ids.ts";
import { migrate } from "../../src/db/migrate.ts";
import { sql } from "../../src/db/sql.ts";
import { uniquePhoto } from "../../src/images/testing/unique-photo.ts";
import { startEditLoad, type EditOutcome } from "./support/edit-load.ts";
import { createFaultDatabase, insertFaultUser, prepareServeSetup, type FaultUser, type ServeSetup } from "./support/fault-setup.ts";
import { imageTempFiles, storedImageFiles } from "./support/image-files.ts";
import { propertiesPerCreatedThing } from "./support/mixed-load.ts";
import { usePostgresServer } from "./support/postgres-server.ts";
import { freePort, startServe, type ServeProcess } from "./support/serve-process.ts";
import { storedListsNamed, storedThingsNamed } from "./support/thing-checks.ts";

// `serve` is killed with SIGKILL in the middle of uploads, rotations, deletions and edits,
// started again on the same port, killed again, and so on. Afterwards every image row has its
// file, no file lies in the store without a row, no temp file is left, and every thing and
// list is whole. The embedded database restarts slower after a kill (crash recovery), so CI
// kills it fewer times; STASHSPHERE_FAULTS_KILLS sets the count for both backends.
const killsOverride = process.env.STASHSPHERE_FAULTS_KILLS ? Number(process.env.STASHSPHERE_FAULTS_KILLS) : undefined;
const kills = { postgres: killsOverride ?? 20, embedded: killsOverride ?? 6 };

const cleanups: (() => Promise<unknown>)[] = [];
const running: ServeProcess[] = [];
afterAll(async () => {
  for (const serve of running) serve.kill("SIGKILL");
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface KillRun {
  outcomes: EditOutcome[];
  /** Milliseconds from each restart to the first 200 from /readyz. */
  restartMs: number[];
  final: ServeProcess;
}

async function killRepeatedly(setup: ServeSetup, user: FaultUser, namePrefix: string, rounds: number): Promise<KillRun> {
  const photos = await Promise.all(Array.from({ length: 24 }, () => uniquePhoto(240)));
  const port = await freePort();
  const configFile = await setup.writeConfig(port);
  const start = () => {
    const serve = startServe(configFile, port);
    running.push(serve);
    return serve;
  };

  let serve = start();
  await serve.waitUntilReady(60_000);
  const load = startEditLoad({ baseUrl: serve.baseUrl, cookie: user.cookie, clients: 4, namePrefix, photos });
  const restartMs: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    await Bun.sleep(300 + Math.random() * 900);
    serve.kill("SIGKILL");
    expect((await serve.exited).signal).toBe("SIGKILL");
    const restartedAt = performance.now();
    serve = start();
    // The instance must come back after every kill; this throws with its output if it does not.
    await serve.waitUntilReady(60_000);
    restartMs.push(performance.now() - restartedAt);
  }
  await Bun.sleep(1_000);
  await load.stop();
  await serve.waitForOutput("checked the image store for files without an image row");
  return { outcomes: load.outcomes, restartMs, final: serve };
}

function summarize(label: string, run: KillRun): void {
  const counts: Record<string, number> = {};
  for (const outcome of run.outcomes) counts[`${outcome.operation} ${outcome.status}`] = (counts[`${outcome.operation} ${outcome.status}`] ?? 0) + 1;
  const sorted = [...run.restartMs].sort((a, b) => a - b);
  console.log(
    `kill -9 on ${label}: ${run.restartMs.length} kills, restart to ready median ${sorted[sorted.length >> 1]?.toFixed(0)} ms, slowest ${sorted.at(-1)?.toFixed(0)} ms;`,
    JSON.stringify(counts),
  );
}

/** Check image files against image rows, and every thing and list the load made, through `db`. */
async function expectNothingLostOrHalfWritten(db: Database, imageStore: string, namePrefix: string, outcomes: readonly EditOutcome[]): Promise<void> {
  const rows = await db.query<{ id: string; hash: string }>(sql`select id, hash from images`);
  const files = await storedImageFiles(imageStore);
  const hashes = new Set(rows.map((row) => row.hash));
  expect(rows.filter((row) => !files.includes(row.hash))).toEqual([]);
  expect(files.filter((file) => !hashes.has(file))).toEqual([]);
  expect(await imageTempFiles(imageStore)).toEqual([]);

  const things = await storedThingsNamed(db, namePrefix);
  expect(things.filter((thing) => thing.properties !== propertiesPerCreatedThing || thing.quantity !== 3 || thing.images !== 1)).toEqual([]);
  const lists = await storedListsNamed(db, namePrefix);
  expect(lists.filter((list) => list.things !== 3)).toEqual([]);

  // Acknowledged work is stored: created things and lists, and uploads without a delete request.
  const thingNames = new Set(things.map((thing) => thing.name));
  const listNames = new Set(lists.map((list) => list.name));
  const imageIds = new Set(rows.map((row) => row.id));
  const deleteAttempted = new Set(outcomes.filter((outcome) => outcome.operation === "delete-image").map((outcome) => outcome.subject));
  const acknowledged = (operation: EditOutcome["operation"]) => outcomes.filter((outcome) => outcome.operation === operation && outcome.status >= 200 && outcome.status < 300);
  expect(acknowledged("create-thing").filter((outcome) => !thingNames.has(outcome.subject!))).toEqual([]);
  expect(acknowledged("create-list").filter((outcome) => !listNames.has(outcome.subject!))).toEqual([]);
  expect(acknowledged("upload").filter((outcome) => !deleteAttempted.has(outcome.subject) && !imageIds.has(outcome.subject!))).toEqual([]);
  expect(acknowledged("create-thing").length).toBeGreaterThan(0);
  expect(acknowledged("upload").length).toBeGreaterThan(0);
}

describe("kill -9 during uploads and edits", () => {
  test("on PostgreSQL", async () => {
    const server = await usePostgresServer();
    cleanups.push(server.release);
    const database = await createFaultDatabase(server.url);
    cleanups.push(database.drop);
    const setup = await prepareServeSetup(database.settings);
    cleanups.push(setup.remove);
    const user = await insertFaultUser(database.db, setup.signingKey, "Ada");
    const namePrefix = `kill-${newId()}`;

    const run = await killRepeatedly(setup, user, namePrefix, kills.postgres);
    summarize("PostgreSQL", run);
    await expectNothingLostOrHalfWritten(database.db, setup.imageStore, namePrefix, run.outcomes);
    run.final.kill("SIGTERM");
    expect((await run.final.exited).code).toBe(0);
  }, 120_000);

  test("on the embedded database", async () => {
    const setup = await prepareServeSetup();
    cleanups.push(setup.remove);
    const dataDir = join(setup.stateDirectory, "database");
    const before = await openEmbedded({ dataDir });
    await migrate(before);
    const user = await insertFaultUser(before, setup.signingKey, "Ada");
    await before.close();
    const namePrefix = `kill-${newId()}`;

    const run = await killRepeatedly(setup, user, namePrefix, kills.embedded);
    summarize("the embedded database", run);
    run.final.kill("SIGTERM");
    expect((await run.final.exited).code).toBe(0);

    // The data directory belongs to one process at a time, so the check opens it after serve stopped.
    const after = await openEmbedded({ dataDir });
    try {
      await expectNothingLostOrHalfWritten(after, setup.imageStore, namePrefix, run.outcomes);
    } finally {
      await after.close();
    }
  }, 120_000);
});
