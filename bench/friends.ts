// Measure the users directory and the notification listing on generated instances, in a
// throwaway PostgreSQL cluster. Usage:
//
//   bun bench/friends.ts [--runs N]
//
// Requests go through the whole Hono application in process (`app.request`), so each figure
// includes the session check, validation, the SQL and JSON encoding, but no socket.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { accessCookie } from "../src/auth/cookies.ts";
import { generateSigningKeyText, parseSigningKey } from "../src/auth/signing-key.ts";
import { issueAccessToken } from "../src/auth/tokens.ts";
import { loadConfig } from "../src/config/index.ts";
import type { Database } from "../src/db/database.ts";
import { migrate } from "../src/db/migrate.ts";
import { connectPostgresUrl } from "../src/db/postgres.ts";
import { sql } from "../src/db/sql.ts";
import { createApp } from "../src/http/app.ts";
import { systemClock } from "../src/http/env.ts";
import { silentLogger } from "../src/log/logger.ts";
import { startPostgresCluster } from "../src/testing/postgres-cluster.ts";
import { seedFriendGraph, seedNotifications, type GraphShape } from "./seed-friend-graph.ts";

const runsFlag = Bun.argv.indexOf("--runs");
const runs = runsFlag > 0 ? Number(Bun.argv[runsFlag + 1]) : 200;
const warmupRuns = 20;

const instances: { label: string; shape: GraphShape }[] = [
  {
    label: "1,000 users",
    shape: { users: 1_000, averageFriends: 30, hubs: 3, hubFriends: 900, thingsPerUser: 10, notificationsPerViewer: 10_000 },
  },
  {
    label: "10,000 users",
    shape: { users: 10_000, averageFriends: 30, hubs: 3, hubFriends: 5_000, thingsPerUser: 10, notificationsPerViewer: 10_000 },
  },
];

const directoryQueries = ["q=an", "q=mull", "q=zoe%20nov", "perPage=50"];
const notificationQueries = ["", "?onlyUnacknowledged=true", "?page=150", "/unread-count"];

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

async function timeRequests(path: string, call: () => Promise<Response>): Promise<{ p50: number; p95: number; max: number }> {
  for (let run = 0; run < warmupRuns; run += 1) await (await call()).arrayBuffer();
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const response = await call();
    const body = await response.text();
    times.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`GET ${path} returned status ${response.status}: ${body}`);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), max: times[times.length - 1]! };
}

const format = (ms: number) => ms.toFixed(1).padStart(7);

async function benchInstance(serverUrl: string, label: string, shape: GraphShape, index: number): Promise<void> {
  const name = `bench_friends_${index}`;
  const admin = connectPostgresUrl(serverUrl, 1);
  await admin.query(sql`create database ${sql.raw(name)}`);
  await admin.close();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db: Database = connectPostgresUrl(url.href, 10);

  try {
    await migrate(db);
    const seedStarted = performance.now();
    const graph = await seedFriendGraph(db, shape);
    const viewers = [
      { role: `typical (${graph.degreeOf.get(graph.typicalUserId) ?? 0} friends)`, id: graph.typicalUserId },
      { role: `hub (${graph.degreeOf.get(graph.hubIds[0]!) ?? 0} friends)`, id: graph.hubIds[0]! },
    ];
    for (const viewer of viewers) await seedNotifications(db, viewer.id, shape.notificationsPerViewer);
    const degrees = graph.userIds.filter((id) => !graph.hubIds.includes(id)).map((id) => graph.degreeOf.get(id) ?? 0);
    const friendships = [...graph.degreeOf.values()].reduce((a, b) => a + b, 0) / 2;
    const seedSeconds = ((performance.now() - seedStarted) / 1000).toFixed(1);
    console.log(`\n${label}: ${graph.userIds.length} users, ${friendships} friendships, seeded in ${seedSeconds} s`);
    console.log(`friends per user apart from the hubs: mean ${(degrees.reduce((a, b) => a + b, 0) / degrees.length).toFixed(1)}, max ${Math.max(...degrees)}`);

    const stateDirectory = await mkdtemp(join(tmpdir(), "stashsphere-bench-"));
    const { config } = await loadConfig({ files: [], env: { STATE_DIRECTORY: stateDirectory }, cwd: stateDirectory });
    const signingKey = parseSigningKey(generateSigningKeyText());
    const app = createApp({ db, log: silentLogger, clock: systemClock, config, signingKey, version: "bench", readiness: async () => ({ ready: true }) });

    console.log("request                                         viewer                   p50 ms  p95 ms  max ms");
    for (const viewer of viewers) {
      const token = await issueAccessToken(signingKey, { id: viewer.id, name: "viewer", email: "viewer@example.test", sessionEpoch: 0 }, new Date());
      const headers = { cookie: `${accessCookie}=${token.token}` };
      const paths = [
        ...directoryQueries.map((query) => `/api/users?${query}`),
        ...notificationQueries.map((query) => `/api/notifications${query}`),
      ];
      for (const path of paths) {
        const timing = await timeRequests(path, () => Promise.resolve(app.request(`http://localhost${path}`, { headers })));
        console.log(`GET ${path.padEnd(44)}${viewer.role.padEnd(24)}${format(timing.p50)} ${format(timing.p95)} ${format(timing.max)}`);
      }
    }
  } finally {
    await db.close();
  }
}

const cluster = await startPostgresCluster();
try {
  console.log(`${runs} timed requests per row after ${warmupRuns} untimed ones; PostgreSQL in a throwaway cluster, default settings`);
  for (const [index, instance] of instances.entries()) await benchInstance(cluster.url, instance.label, instance.shape, index);
} finally {
  await cluster.stop();
}
