// Time the reads that the visibility rule decides, in this checkout and in an older one, with
// requests alternating between the two so both see the same machine load:
//
//   git archive <commit> src | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/
//   bun bench/visibility-compare.ts --base /tmp/base --url postgres://… [--runs 100]
//
// `--url` is an instance from bench/generate.ts. Viewers are the users with about 30, 500 and
// 5,000 friends and the browsing user, as in bench/visibility.ts. Rows are GET /api/things
// page 0 through the whole application in process and the `/assets/:hash` authorization
// query over 50 image hashes. Prints a Markdown table with both figures and the p50 ratio.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { accessCookie } from "../src/auth/cookies.ts";
import { generateSigningKeyText, parseSigningKey } from "../src/auth/signing-key.ts";
import { issueAccessToken } from "../src/auth/tokens.ts";
import { loadConfig } from "../src/config/index.ts";
import { connectPostgresUrl } from "../src/db/postgres.ts";
import { sql } from "../src/db/sql.ts";
import { createApp } from "../src/http/app.ts";
import { systemClock } from "../src/http/env.ts";
import { findVisibleFileByHash } from "../src/images/image-queries.ts";
import { silentLogger } from "../src/log/logger.ts";

function option(name: string): string | undefined {
  const index = Bun.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : Bun.argv[index + 1];
}

const base = option("base");
const url = option("url");
if (!base || !url) throw new Error("usage: bun bench/visibility-compare.ts --base <older checkout> --url <instance> [--runs N]");
const runs = Number(option("runs") ?? 100);

interface Checkout {
  request: (path: string, init: RequestInit) => Response | Promise<Response>;
  findVisibleFileByHash: (viewerId: string, hash: string) => Promise<unknown>;
  close: () => Promise<void>;
}

// Each checkout gets its own modules, connection and application: the `sql` fragments of one
// checkout are not recognised by the other's driver.
async function open(source: string, signingKeyText: string, stateDirectory: string): Promise<Checkout> {
  const modules = source === "."
    ? { connectPostgresUrl, loadConfig, createApp, parseSigningKey, findVisibleFileByHash }
    : {
      connectPostgresUrl: (await import(join(source, "src/db/postgres.ts"))).connectPostgresUrl,
      loadConfig: (await import(join(source, "src/config/index.ts"))).loadConfig,
      createApp: (await import(join(source, "src/http/app.ts"))).createApp,
      parseSigningKey: (await import(join(source, "src/auth/signing-key.ts"))).parseSigningKey,
      findVisibleFileByHash: (await import(join(source, "src/images/image-queries.ts"))).findVisibleFileByHash,
    };
  const db = modules.connectPostgresUrl(url!, 4);
  const { config } = await modules.loadConfig({ files: [], env: { STATE_DIRECTORY: stateDirectory }, cwd: stateDirectory });
  const signingKey = modules.parseSigningKey(signingKeyText);
  const app = modules.createApp({ db, log: silentLogger, clock: systemClock, config, signingKey, version: "bench", readiness: async () => ({ ready: true }) });
  return {
    request: (path, init) => app.request(`http://localhost${path}`, init),
    findVisibleFileByHash: (viewerId, hash) => modules.findVisibleFileByHash(db, viewerId, hash),
    close: () => db.close(),
  };
}

function percentile(durations: number[], fraction: number): number {
  const sorted = [...durations].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}

const loadAverage = async () => (await Bun.file("/proc/loadavg").text()).split(" ").slice(0, 3).join(" ");
const stateDirectory = await mkdtemp(join(tmpdir(), "stashsphere-bench-"));
const signingKeyText = generateSigningKeyText();
const before = await open(base, signingKeyText, stateDirectory);
const after = await open(".", signingKeyText, stateDirectory);
const db = connectPostgresUrl(url, 1);
try {
  const viewers = await db.query<{ id: string; name: string; email: string; friends: number }>(sql`
    with degrees as (
      select u.id, u.name, u.email, (select count(*) from friendships f where f.friend1_id = u.id or f.friend2_id = u.id)::int as friends
      from users u
    )
    select * from (
      select distinct on (wanted) d.* from unnest(array[30, 500, 5000]) as wanted
      cross join lateral (select * from degrees order by abs(friends - wanted), id limit 1) d
      order by wanted
    ) as wanted_viewers
    union all
    select * from degrees where email = 'user0@bench.test'`);
  const hashes = (await db.query<{ hash: string }>(sql`select hash from images order by id limit 50`)).map((row) => row.hash);
  const signingKey = parseSigningKey(signingKeyText);

  console.log(`load average at start ${await loadAverage()}, ${runs} runs each`);
  console.log("| request | viewer | before p50 / p95 ms | after p50 / p95 ms | p50 after / before |");
  console.log("|---|---|---:|---:|---:|");
  for (const viewer of viewers) {
    const token = await issueAccessToken(signingKey, { ...viewer, sessionEpoch: 0 }, new Date());
    const headers = { cookie: `${accessCookie}=${token.token}` };
    const who = viewer.email === "user0@bench.test" ? `browsing user, ${viewer.friends} friends` : `${viewer.friends} friends`;
    const page = (checkout: Checkout) => async (): Promise<void> => {
      const response = await checkout.request("/api/things?perPage=50&page=0", { headers });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`GET /api/things: ${response.status} ${text}`);
    };
    let round = 0;
    const asset = (checkout: Checkout) => async (): Promise<void> => {
      await checkout.findVisibleFileByHash(viewer.id, hashes[round % hashes.length]!);
    };
    const cases: [string, () => Promise<void>, () => Promise<void>][] = [
      ["`GET /api/things` page 0", page(before), page(after)],
      ["`/assets/:hash` authorization", asset(before), asset(after)],
    ];
    for (const [label, timeBefore, timeAfter] of cases) {
      const durations: { before: number[]; after: number[] } = { before: [], after: [] };
      for (round = -10; round < runs; round++) {
        let started = performance.now();
        await timeBefore();
        if (round >= 0) durations.before.push(performance.now() - started);
        started = performance.now();
        await timeAfter();
        if (round >= 0) durations.after.push(performance.now() - started);
      }
      const figures = (list: number[]) => `${percentile(list, 0.5).toFixed(2)} / ${percentile(list, 0.95).toFixed(2)}`;
      const ratio = percentile(durations.after, 0.5) / percentile(durations.before, 0.5);
      console.log(`| ${label} | ${who} | ${figures(durations.before)} | ${figures(durations.after)} | ${ratio.toFixed(2)} |`);
    }
  }
  console.log(`load average at end ${await loadAverage()}`);
} finally {
  await db.close();
  await before.close();
  await after.close();
  await rm(stateDirectory, { recursive: true, force: true });
}
