import { afterAll, beforeAll, expect, test } from "bun:test";
import { createFaultDatabase, insertFaultUser, prepareServeSetup, type FaultDatabase, type FaultUser, type ServeSetup } from "./support/fault-setup.ts";
import { usePostgresServer } from "./support/postgres-server.ts";
import { freePort, startServe, type ServeProcess } from "./support/serve-process.ts";
import { dribble, openSlowClient, type SlowClient } from "./support/slow-client.ts";

// Clients that send nothing, send headers or a body a byte at a time, or announce a huge body
// must not keep a `serve` instance from answering everybody else, and must be disconnected.
const idleConnections = 500;

let server: Awaited<ReturnType<typeof usePostgresServer>> | undefined;
let database: FaultDatabase | undefined;
let setup: ServeSetup | undefined;
let serve: ServeProcess | undefined;
let port: number;
let user: FaultUser;

beforeAll(async () => {
  server = await usePostgresServer();
  database = await createFaultDatabase(server.url);
  setup = await prepareServeSetup(database.settings);
  user = await insertFaultUser(database.db, setup.signingKey, "Ada");
  port = await freePort();
  serve = startServe(await setup.writeConfig(port), port);
  await serve.waitUntilReady();
}, 60_000);

afterAll(async () => {
  serve?.kill("SIGKILL");
  await database?.drop();
  await server?.release();
  await setup?.remove();
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition() && performance.now() < deadline) await Bun.sleep(100);
  return condition();
}

test("announced 100 MiB body gets 413 before it is sent", async () => {
  const client = await openSlowClient(port);
  client.write(
    ["POST /api/things HTTP/1.1", "Host: 127.0.0.1", `Cookie: ${user.cookie}`, "Content-Type: application/json", `Content-Length: ${100 * 1024 * 1024}`, "", ""].join("\r\n"),
  );

  expect(await waitUntil(() => client.received().includes("\r\n\r\n"), 5_000)).toBe(true);
  expect(client.received()).toStartWith("HTTP/1.1 413");
  expect(client.received()).toContain('"error":"payload_too_large"');
  client.end();
});

test("500 idle connections: others served, idle ones closed", async () => {
  const silent: SlowClient[] = [];
  const partial: SlowClient[] = [];
  for (let index = 0; index < idleConnections / 2; index += 1) {
    silent.push(await openSlowClient(port));
    const half = await openSlowClient(port);
    half.write(`GET /api/user/profile HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${user.cookie}\r\n`);
    partial.push(half);
  }
  // Headers a byte every half second, and a body a byte every half second.
  const headerDripper = await openSlowClient(port);
  let dripping = true;
  const headerDrip = dribble(headerDripper, `GET /api/user/profile HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${"a".repeat(500)}\r\n\r\n`, { bytesPerStep: 1, stepMs: 500, stop: () => !dripping });
  const bodyDripper = await openSlowClient(port);
  bodyDripper.write(`POST /api/things HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${user.cookie}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`);
  const bodyDrip = dribble(bodyDripper, `{"name":"${"a".repeat(99_990)}"}`, { bytesPerStep: 1, stepMs: 500, stop: () => !dripping });
  const openedAt = performance.now();

  // Normal clients, five at a time, each request with a 2 s deadline.
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  await Promise.all(
    Array.from({ length: 5 }, async () => {
      for (let round = 0; round < 10; round += 1) {
        const started = performance.now();
        let key: string;
        try {
          const response = await fetch(`${serve!.baseUrl}/api/user/profile`, { headers: { Cookie: user.cookie }, signal: AbortSignal.timeout(2_000) });
          await response.arrayBuffer();
          key = String(response.status);
        } catch (error) {
          key = (error as Error).name;
        }
        latencies.push(performance.now() - started);
        statuses[key] = (statuses[key] ?? 0) + 1;
      }
    }),
  );

  const idle = [...silent, ...partial];
  const idleClosed = await waitUntil(() => idle.every((client) => client.isClosed()), 30_000);
  const idleClosedAfter = performance.now() - openedAt;
  const headerDripperClosed = await waitUntil(() => headerDripper.isClosed(), 40_000);
  const headerDripperClosedAfter = performance.now() - openedAt;
  const bodyDripperClosed = await waitUntil(() => bodyDripper.isClosed(), 40_000);
  const bodyDripperClosedAfter = performance.now() - openedAt;
  dripping = false;
  await Promise.all([headerDrip, bodyDrip]);
  latencies.sort((a, b) => a - b);
  console.log(
    `${idleConnections} idle connections: 50 normal requests ${JSON.stringify(statuses)}, median ${latencies[25]!.toFixed(1)} ms, slowest ${latencies.at(-1)!.toFixed(1)} ms;`,
    `idle connections closed by the server after ${(idleClosedAfter / 1000).toFixed(1)} s, headers byte by byte after ${(headerDripperClosedAfter / 1000).toFixed(1)} s, body byte by byte after ${(bodyDripperClosedAfter / 1000).toFixed(1)} s`,
  );

  expect(statuses).toEqual({ "200": 50 });
  expect(idleClosed).toBe(true);
  expect(headerDripperClosed).toBe(true);
  expect(bodyDripperClosed).toBe(true);
  expect(headerDripper.received()).not.toContain("HTTP/1.1 200");
  expect(bodyDripper.received()).not.toContain("HTTP/1.1 201");
}, 60_000);

test("upload limit above Bun's 128 MiB default is honoured", async () => {
  const largePort = await freePort();
  const large = startServe(await setup!.writeConfig(largePort, { image: { path: setup!.imageStore, maxUploadBytes: 200 * 1024 * 1024 } }), largePort);
  try {
    await large.waitUntilReady();
    const client = await openSlowClient(largePort);
    client.write(
      [
        "POST /api/images HTTP/1.1",
        "Host: 127.0.0.1",
        `Cookie: ${user.cookie}`,
        "Content-Type: multipart/form-data; boundary=big",
        `Content-Length: ${150 * 1024 * 1024}`,
        "",
        '--big\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n',
      ].join("\r\n"),
    );
    client.write(new Uint8Array(64 * 1024));
    await Bun.sleep(500);

    // Still receiving: neither Bun's bare 413 nor ours.
    expect(client.received()).toBe("");
    expect(client.isClosed()).toBe(false);
    client.end();
  } finally {
    large.kill("SIGKILL");
    await large.exited;
  }
});
