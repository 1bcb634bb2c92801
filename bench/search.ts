// Search and list benchmark: p50/p95 of GET /api/search for a few realistic queries and of
// GET /api/lists/:id for a list of 5,000 things, for a viewer who sees up to 50,000 things,
// at 10,000, 100,000 and 1,000,000 things in all. Starts its own throwaway PostgreSQL cluster
// and calls the app in process (no network), so the figures include JSON rendering but no
// HTTP parsing.
//
//   bun bench/search.ts [--sizes 10000,100000,1000000] [--runs 40]
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { accessCookie } from "../src/auth/cookies.ts";
import { generateSigningKeyText, parseSigningKey } from "../src/auth/signing-key.ts";
import { issueAccessToken } from "../src/auth/tokens.ts";
import { loadConfig } from "../src/config/index.ts";
import { queryOne } from "../src/db/database.ts";
import { migrate } from "../src/db/migrate.ts";
import { connectPostgresUrl } from "../src/db/postgres.ts";
import { sql } from "../src/db/sql.ts";
import { createApp } from "../src/http/app.ts";
import { systemClock } from "../src/http/env.ts";
import { silentLogger } from "../src/log/logger.ts";
import { thingVisible, visibilityCtes } from "../src/shares/visibility.ts";
import { startPostgresCluster } from "../src/testing/postgres-cluster.ts";
import { bigListId, generateSearchData, viewerId } from "./search-data.ts";

const queries = ["drill", "bosch drill", "hamer", "шуруповерт", "sa", "lent", "red", "collection", "xyzzy"];

function parseArguments(argv: string[]): { sizes: number[]; runs: number } {
  let sizes = [10_000, 100_000, 1_000_000];
  let runs = 40;
  for (let index = 0; index < argv.length; index += 2) {
    const value = argv[index + 1];
    if (argv[index] === "--sizes" && value) sizes = value.split(",").map(Number);
    else if (argv[index] === "--runs" && value) runs = Number(value);
    else throw new Error(`unknown option ${argv[index]}; see the comment at the top of bench/search.ts`);
  }
  return { sizes, runs };
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

const { sizes, runs } = parseArguments(Bun.argv.slice(2));
// PostgreSQL's default 128 MB of shared buffers cannot keep a million things and their indexes
// in memory, and a server for an instance of that size would be given more.
const cluster = await startPostgresCluster(undefined, { shared_buffers: "1GB" });
try {
  console.log(`| things | visible | request | p50 ms | p95 ms | hits |`);
  console.log(`|---:|---:|---|---:|---:|---:|`);
  for (const totalThings of sizes) {
    const name = `bench_search_${totalThings}`;
    const admin = connectPostgresUrl(cluster.url, 1);
    await admin.query(sql`create database ${sql.raw(name)}`);
    await admin.close();
    const url = new URL(cluster.url);
    url.pathname = `/${name}`;
    const db = connectPostgresUrl(url.href, 4);
    await migrate(db);

    const visibleThings = Math.min(50_000, totalThings);
    const started = performance.now();
    await generateSearchData(db, { totalThings, visibleThings, ownThings: 5_000 });
    console.error(`generated ${totalThings} things in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const visible = await queryOne<{ count: number }>(db, sql`
      with ${visibilityCtes(viewerId)} select count(*)::int as count from things t where ${thingVisible(viewerId, "t")}`);

    const stateDirectory = await mkdtemp(join(tmpdir(), "stashsphere-bench-"));
    const { config } = await loadConfig({ files: [], env: { STATE_DIRECTORY: stateDirectory }, cwd: stateDirectory });
    const signingKey = parseSigningKey(generateSigningKeyText());
    const app = createApp({ db, log: silentLogger, clock: systemClock, config, signingKey, version: "bench", readiness: async () => ({ ready: true }) });
    const token = await issueAccessToken(signingKey, { id: viewerId, name: "Bench User 0", email: "user0@bench.test", sessionEpoch: 0 }, new Date());
    const headers = { cookie: `${accessCookie}=${token.token}` };

    const measure = async (label: string, path: string, count: (body: any) => number) => {
      const times: number[] = [];
      let hits = 0;
      for (let run = -3; run < runs; run += 1) {
        const begin = performance.now();
        const response = await app.request(`http://localhost${path}`, { headers });
        const body = await response.json();
        if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
        if (run >= 0) times.push(performance.now() - begin);
        hits = count(body);
      }
      times.sort((a, b) => a - b);
      console.log(`| ${totalThings} | ${visible?.count} | ${label} | ${percentile(times, 0.5).toFixed(1)} | ${percentile(times, 0.95).toFixed(1)} | ${hits} |`);
    };

    for (const query of queries) {
      await measure(`search "${query}"`, `/api/search?query=${encodeURIComponent(query)}`, (body) => body.totalCount);
    }
    await measure("list of 5,000 things", `/api/lists/${bigListId}`, (body) => body.thingCount);
    await measure("list of 5,000 things, page 60", `/api/lists/${bigListId}?thingsPage=60&thingsPerPage=50`, (body) => body.things.length);
    await measure("list index", `/api/lists`, (body) => body.totalCount);

    await db.close();
  }
} finally {
  await cluster.stop();
}
