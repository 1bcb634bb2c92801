import { afterAll, beforeAll, expect, test } from "bun:test";
import { statSync } from "node:fs";
import { join } from "node:path";
import { sql } from "../../src/db/sql.ts";
import { uniquePhoto } from "../../src/images/testing/unique-photo.ts";
import { createFaultDatabase, insertFaultUser, prepareServeSetup, type FaultDatabase, type FaultUser, type ServeSetup } from "./support/fault-setup.ts";
import { imageForm, imageTempFiles, storedImageFiles } from "./support/image-files.ts";
import { usePostgresServer } from "./support/postgres-server.ts";
import { freePort, startServe, type ServeProcess } from "./support/serve-process.ts";
import { mountSmallFileSystem, type SmallFileSystem } from "./support/small-file-system.ts";

// The image store (and the resized-image cache) on a 4 MiB tmpfs that the test fills up.
// Mounting needs root, which CI has; elsewhere the test is skipped and says why.
let server: Awaited<ReturnType<typeof usePostgresServer>> | undefined;
let database: FaultDatabase | undefined;
let setup: ServeSetup | undefined;
let disk: SmallFileSystem | string = "not mounted yet";
let serve: ServeProcess | undefined;
let user: FaultUser;
let imageStore: string;

beforeAll(async () => {
  server = await usePostgresServer();
  database = await createFaultDatabase(server.url);
  setup = await prepareServeSetup(database.settings);
  user = await insertFaultUser(database.db, setup.signingKey, "Ada");
  disk = await mountSmallFileSystem(join(setup.directory, "disk"), 4 * 1024 * 1024);
  if (typeof disk === "string") {
    console.log(`disk full test skipped: ${disk}`);
    return;
  }
  imageStore = join(disk.path, "store");
  const port = await freePort();
  serve = startServe(await setup.writeConfig(port, { image: { path: imageStore, cachePath: join(disk.path, "cache") } }), port);
  await serve.waitUntilReady();
}, 60_000);

afterAll(async () => {
  serve?.kill("SIGKILL");
  await serve?.exited;
  if (typeof disk !== "string") await disk.unmount();
  await database?.drop();
  await server?.release();
  await setup?.remove();
});

async function upload(bytes: Uint8Array): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${serve!.baseUrl}/api/images`, { method: "POST", headers: { Cookie: user.cookie }, body: imageForm(bytes), signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function statusOf(path: string, init: RequestInit = {}): Promise<number> {
  const response = await fetch(`${serve!.baseUrl}${path}`, { ...init, headers: { Cookie: user.cookie, ...init.headers }, signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  return response.status;
}

async function imageRowsOfUser(): Promise<number> {
  const [row] = await database!.db.query<{ count: number }>(sql`select count(*)::int as count from images where owner_id = ${user.id}`);
  return row?.count ?? 0;
}

test.skipIf(process.getuid?.() !== 0)("full image disk: 507, nothing partial, others served", async () => {
  if (typeof disk === "string") throw new Error(disk);
  const first = await upload(await uniquePhoto(1200));
  expect(first.status).toBe(201);
  const firstHash = first.body.hash as string;
  const encodedBytes = statSync(join(imageStore, firstHash)).size;

  // 1. Too little space to receive the upload.
  const photo = await uniquePhoto(1200);
  await disk.leaveFree(Math.floor(photo.length / 2));
  const whileReceiving = await upload(photo);
  // 2. Room for the upload, but not for the re-encoded copy beside it.
  await disk.leaveFree(photo.length + Math.floor(encodedBytes / 3));
  const whileStoring = await upload(photo);
  console.log(`disk full: upload ${photo.length} bytes, encoded ${encodedBytes} bytes; responses ${whileReceiving.status} and ${whileStoring.status}`);

  for (const failed of [whileReceiving, whileStoring]) {
    expect(failed.status).toBe(507);
    expect(failed.body).toMatchObject({ code: 507, error: "insufficient_storage", message: "the server has no storage space left to store this; try again later" });
  }
  expect(await storedImageFiles(imageStore)).toEqual([firstHash]);
  expect(await imageTempFiles(imageStore)).toEqual([]);
  expect(await imageRowsOfUser()).toBe(1);

  // Everything that needs no new file keeps working; a resized copy is sent uncached.
  await disk.leaveFree(0);
  expect(await statusOf("/api/user/profile")).toBe(200);
  expect(await statusOf("/api/things", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: "written while the disk is full" }) })).toBe(201);
  expect(await statusOf(`/assets/${firstHash}`)).toBe(200);
  expect(await statusOf(`/assets/${firstHash}?width=384`)).toBe(200);
  expect(serve!.output()).toContain("could not cache a resized image");

  // With space again, the same upload succeeds.
  await disk.empty();
  const retried = await upload(photo);
  expect(retried.status).toBe(201);
  expect(await imageRowsOfUser()).toBe(2);
}, 60_000);
