// Measure the things endpoints on a throwaway PostgreSQL cluster:
//
//   bun bench/things.ts [--seconds 5] [--concurrency 8] [--requests 1000]
//
// It fills the cluster with bench/lib/things-instance.ts (1,000 users, one with 10,000 things
// of 5 properties each), serves the real application on 127.0.0.1 together with a bare
// endpoint that runs only `select … from things where owner_id = $1 order by created_at, id
// limit 50` without sessions, visibility or hydration, and prints p50/p95 latency of sequential
// requests and the throughput of concurrent ones for each. Needs PostgreSQL's server programs.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { accessCookie } from "../src/auth/cookies.ts";
import { generateSigningKeyText, parseSigningKey } from "../src/auth/signing-key.ts";
import { issueAccessToken } from "../src/auth/tokens.ts";
import { loadConfig } from "../src/config/index.ts";
import { migrate } from "../src/db/migrate.ts";
import { connectPostgresUrl } from "../src/db/postgres.ts";
import { sql } from "../src/db/sql.ts";
import { createApp } from "../src/http/app.ts";
import { systemClock } from "../src/http/env.ts";
import { silentLogger } from "../src/log/logger.ts";
import { startPostgresCluster } from "../src/testing/postgres-cluster.ts";
import { version } from "../src/version.ts";
import { measureLatency, measureThroughput, type LatencyFigures } from "./lib/measure.ts";
import { fillThingsInstance } from "./lib/things-instance.ts";

function option(name: string, fallback: number): number {
  const index = Bun.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(Bun.argv[index + 1]);
  if (!(value > 0)) throw new Error(`--${name} must be a positive number`);
  return value;
}

const seconds = option("seconds", 5);
const concurrency = option("concurrency", 8);
const requests = option("requests", 1000);
const pageCount = 200;

const cluster = await startPostgresCluster();
const stateDirectory = await mkdtemp(join(tmpdir(), "stashsphere-bench-"));
try {
  const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
  const instance = await (async () => {
    const db = connectPostgresUrl(cluster.url, 1);
    await migrate(db);
    await db.close();
    return fillThingsInstance(admin);
  })();
  await admin.end();

  const db = connectPostgresUrl(cluster.url, 10);
  const { config } = await loadConfig({ files: [], env: { STATE_DIRECTORY: stateDirectory }, cwd: stateDirectory });
  const signingKey = parseSigningKey(generateSigningKeyText());
  const app = createApp({ db, log: silentLogger, clock: systemClock, config, signingKey, version, readiness: async () => ({ ready: true }) });

  const bare = async (url: URL) => {
    const page = Number(url.searchParams.get("page") ?? 0);
    const rows = await db.query(sql`
      select id, name, description, created_at, owner_id from things
      where owner_id = ${instance.heavyUserId}
      order by created_at, id limit 50 offset ${page * 50}`);
    return Response.json({ things: rows });
  };
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (request) => {
      const url = new URL(request.url);
      return url.pathname === "/bare" ? bare(url) : app.fetch(request);
    },
  });

  const [user] = await db.query<{ id: string; name: string; email: string }>(sql`select id, name, email from users where id = ${instance.heavyUserId}`);
  const token = await issueAccessToken(signingKey, { ...user!, sessionEpoch: 0 }, new Date());
  const headers = { cookie: `${accessCookie}=${token.token}` };
  const base = `http://127.0.0.1:${server.port}`;

  const get = (path: (round: number) => string) => async (round: number) => {
    const response = await fetch(`${base}${path(round)}`, { headers });
    if (response.status !== 200) throw new Error(`${path(round)}: HTTP ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  const scenarios: Array<[string, (round: number) => Promise<void>]> = [
    ["GET /api/things, page 0 of 50", get(() => "/api/things?perPage=50&page=0")],
    ["GET /api/things, pages 0-199 of 50", get((round) => `/api/things?perPage=50&page=${(round * 37) % pageCount}`)],
    ["bare select, page 0 of 50", get(() => "/bare?page=0")],
    ["bare select, pages 0-199 of 50", get((round) => `/bare?page=${(round * 37) % pageCount}`)],
    ["GET /api/things/:id (5 properties, 3 images, 2 lists)", get(() => `/api/things/${instance.showcaseThingId}`)],
    ["GET /api/things/summary", get(() => "/api/things/summary")],
  ];

  const [total] = await db.query<{ count: number }>(sql`select count(*)::int as count from things`);
  console.log(`instance: ${instance.userCount} users, ${total!.count} things; the heavy user owns 10,000`);
  console.log(`latency: ${requests} sequential requests; throughput: ${concurrency} concurrent for ${seconds} s\n`);
  const results: Array<{ name: string; latency: LatencyFigures; perSecond: number }> = [];
  for (const [name, request] of scenarios) {
    await measureLatency(request, 100);
    const latency = await measureLatency(request, requests);
    const perSecond = await measureThroughput(request, concurrency, seconds);
    results.push({ name, latency, perSecond });
    console.log(`${name.padEnd(56)} p50 ${latency.p50Ms.toFixed(2).padStart(7)} ms  p95 ${latency.p95Ms.toFixed(2).padStart(7)} ms  ${perSecond.toFixed(0).padStart(6)} req/s`);
  }

  const ratio = (api: string, floor: string) => {
    const a = results.find((result) => result.name === api)!;
    const b = results.find((result) => result.name === floor)!;
    return (a.perSecond / b.perSecond).toFixed(2);
  };
  console.log(`\nthroughput of the index relative to the bare select: page 0 ${ratio(scenarios[0]![0], scenarios[2]![0])}, pages 0-199 ${ratio(scenarios[1]![0], scenarios[3]![0])}`);

  server.stop(true);
  await db.close();
} finally {
  await cluster.stop();
  await rm(stateDirectory, { recursive: true, force: true });
}
