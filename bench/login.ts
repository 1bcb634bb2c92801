// Measure login throughput with the real password-hash cost, and what session checking adds
// to a cheap request. Starts the whole application on Bun.serve (127.0.0.1, a free port) over
// a throwaway PostgreSQL cluster (or PGlite with --embedded) and drives it from a separate
// process with a fixed number of concurrent connections.
//
//   bun bench/login.ts [--embedded] [--seconds 10] [--concurrency 8]
//
// Scenarios:
//   login            POST /api/user/login, a different user each time (argon2id verify,
//                    two rate-limit upserts, token signing); every request from its own address
//                    (X-Forwarded-For from a trusted proxy) so the per-address limit stays out
//   info anonymous   GET /api/info without cookies
//   info signed in   GET /api/info with a valid access cookie: adds the token check and the
//                    session-epoch lookup that every signed-in request pays
//   profile          GET /api/user/profile signed in, when that route exists
//
// Figures are printed, not asserted. Numbers depend on the machine; quote them with its cores.
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { hashPassword, verifyPassword } from "../src/auth/password-hashing.ts";
import { generateSigningKeyText, parseSigningKey } from "../src/auth/signing-key.ts";
import { loadConfig } from "../src/config/index.ts";
import type { Database } from "../src/db/database.ts";
import { openEmbedded } from "../src/db/embedded.ts";
import { newId } from "../src/db/ids.ts";
import { migrate } from "../src/db/migrate.ts";
import { connectPostgresUrl } from "../src/db/postgres.ts";
import { sql } from "../src/db/sql.ts";
import { createApp } from "../src/http/app.ts";
import type { AppDeps } from "../src/http/deps.ts";
import { systemClock } from "../src/http/env.ts";
import { silentLogger } from "../src/log/logger.ts";
import { startPostgresCluster, type PostgresCluster } from "../src/testing/postgres-cluster.ts";
import { version } from "../src/version.ts";
import type { LoadResult, LoadSpec } from "./lib/http-load.ts";

const args = Bun.argv.slice(2);
const embedded = args.includes("--embedded");
const seconds = Number(args[args.indexOf("--seconds") + 1] ?? 10) || 10;
const concurrency = Number(args[args.indexOf("--concurrency") + 1] ?? 8) || 8;
const userCount = 2000;
const password = "a benchmark pass phrase";

async function openBenchDatabase(): Promise<{ db: Database; cluster?: PostgresCluster }> {
  if (embedded) return { db: await openEmbedded({}) };
  const cluster = await startPostgresCluster();
  return { db: connectPostgresUrl(cluster.url, 10), cluster };
}

async function insertUsers(db: Database): Promise<string> {
  // One real hash for every user: each login still verifies it at full cost.
  const hash = await hashPassword(password);
  const ids = Array.from({ length: userCount }, () => newId());
  const emails = ids.map((_, index) => `bench-${index}@example.test`);
  await db.query(sql`
    insert into users (id, name, email, password_hash)
    select id, 'Bench ' || email, email, ${hash} from unnest(${ids}::text[], ${emails}::text[]) as u(id, email)`);
  return ids[0] as string;
}

/** Median time of one argon2id verification on an otherwise idle event loop, in milliseconds. */
async function medianVerifyMilliseconds(): Promise<number> {
  const hash = await hashPassword(password);
  const times: number[] = [];
  for (let run = 0; run < 11; run++) {
    const started = performance.now();
    await verifyPassword(password, hash);
    times.push(performance.now() - started);
  }
  return Math.round((times.sort((a, b) => a - b)[5] as number) * 10) / 10;
}

async function drive(spec: LoadSpec): Promise<LoadResult> {
  const child = Bun.spawn([process.execPath, join(import.meta.dir, "lib/http-load.ts"), JSON.stringify(spec)], { stdout: "pipe", stderr: "inherit" });
  const output = await new Response(child.stdout).text();
  if ((await child.exited) !== 0) throw new Error("load generator failed");
  return JSON.parse(output) as LoadResult;
}

const { db, cluster } = await openBenchDatabase();
try {
  await migrate(db);
  await insertUsers(db);
  const { config } = await loadConfig({ files: [], env: {}, cwd: "/tmp" });
  config.secureCookies = false;
  // The load generator plays a reverse proxy that forwards many clients (see the scenarios).
  config.trustedProxies = ["127.0.0.1"];
  const deps: AppDeps = {
    db,
    log: silentLogger,
    clock: systemClock,
    config,
    signingKey: parseSigningKey(generateSigningKeyText()),
    version,
    readiness: async () => ({ ready: true }),
  };
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: createApp(deps).fetch });
  const base = `http://127.0.0.1:${server.port}`;

  const login = await fetch(`${base}/api/user/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "bench-0@example.test", password }),
  });
  const cookie = login.headers.getSetCookie().map((header) => header.slice(0, header.indexOf(";"))).join("; ");
  const profileExists = (await fetch(`${base}/api/user/profile`, { headers: { cookie } })).status !== 404;

  const loadBefore = loadavg();
  const verifyMilliseconds = await medianVerifyMilliseconds();
  const common = { concurrency, durationSeconds: seconds };
  const results: Record<string, LoadResult> = {};
  results.login = await drive({
    ...common,
    url: `${base}/api/user/login`,
    method: "POST",
    // Each user logs in at most a few times, under the per-account limit of 10.
    loginBody: { prefix: "bench-", count: userCount, password },
    distinctAddresses: true,
  });
  results["info anonymous"] = await drive({ ...common, url: `${base}/api/info`, method: "GET" });
  results["info signed in"] = await drive({ ...common, url: `${base}/api/info`, method: "GET", headers: { cookie } });
  if (profileExists) results.profile = await drive({ ...common, url: `${base}/api/user/profile`, method: "GET", headers: { cookie } });

  console.log(`database: ${embedded ? "PGlite in process" : "PostgreSQL (throwaway cluster, Unix socket)"}; ${cpus().length} CPUs (${cpus()[0]?.model}); ${concurrency} connections, ${seconds} s each`);
  console.log(`one argon2id verification: median ${verifyMilliseconds} ms; load average before the runs: ${loadBefore.map((value) => value.toFixed(1)).join(" ")}`);
  console.log("scenario          req/s     p50 ms   p95 ms   p99 ms   statuses");
  for (const [name, result] of Object.entries(results)) {
    console.log(
      `${name.padEnd(16)} ${String(result.requestsPerSecond).padStart(7)}  ${String(result.p50Ms).padStart(7)}  ${String(result.p95Ms).padStart(7)}  ${String(result.p99Ms).padStart(7)}   ${JSON.stringify(result.statuses)}`,
    );
  }
  if (!profileExists) console.log("GET /api/user/profile is not mounted in this build; skipped");
  await server.stop(true);
} finally {
  await db.close();
  await cluster?.stop();
}
