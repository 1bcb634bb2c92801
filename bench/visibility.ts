// Measure the reads that go through the visibility rule on an instance from bench/generate.ts,
// for viewers with about 30, 500 and 5,000 friends, in a throwaway PostgreSQL cluster:
//
//   bun bench/visibility.ts [--scale 1] [--runs 200] [--url postgres://… (a generated instance)]
//
// Requests go through the whole Hono application in process (`app.request`: session check,
// validation, SQL, JSON), without a socket. "bare select" is one page of the browsing user's
// own things by owner and creation time, with no session, visibility, count or hydration; the
// other rows are best read as multiples of it. `/assets` authorization is the one query the
// asset route runs before it streams a file (the generated instance has no files).
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
import { startPostgresCluster, type PostgresCluster } from "../src/testing/postgres-cluster.ts";
import { generateInstance } from "./generate.ts";
import { measureLatency } from "./lib/measure.ts";

function option(name: string): string | undefined {
  const index = Bun.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : Bun.argv[index + 1];
}

const scale = Number(option("scale") ?? 1);
const runs = Number(option("runs") ?? 200);
let cluster: PostgresCluster | undefined;
let url = option("url");
if (!url) {
  cluster = await startPostgresCluster();
  url = cluster.url;
  const started = performance.now();
  await generateInstance({ url, seed: 42, scale });
  console.error(`generated scale ${scale} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
const stateDirectory = await mkdtemp(join(tmpdir(), "stashsphere-bench-"));
try {
  const db = connectPostgresUrl(url, 4);
  const { config } = await loadConfig({ files: [], env: { STATE_DIRECTORY: stateDirectory }, cwd: stateDirectory });
  const signingKey = parseSigningKey(generateSigningKeyText());
  const app = createApp({ db, log: silentLogger, clock: systemClock, config, signingKey, version: "bench", readiness: async () => ({ ready: true }) });

  const [browse] = await db.query<{ id: string }>(sql`select id from users where email = 'user0@bench.test'`);
  // The users whose number of friends is closest to each wanted number.
  const viewers = await db.query<{ id: string; name: string; email: string; friends: number }>(sql`
    with degrees as (
      select u.id, u.name, u.email, (select count(*) from friendships f where f.friend1_id = u.id or f.friend2_id = u.id)::int as friends
      from users u
    )
    select distinct on (wanted) d.* from unnest(array[30, 500, 5000]) as wanted
    cross join lateral (select * from degrees order by abs(friends - wanted), id limit 1) d
    order by wanted`);
  const [thing] = await db.query<{ id: string }>(sql`
    select t.id from things t
    where t.sharing_state = 'friends-of-friends'
      and (select count(*) from properties p where p.thing_id = t.id) >= 4
      and exists (select 1 from images_things it where it.thing_id = t.id)
      and exists (select 1 from lists_things lt where lt.thing_id = t.id)
    order by t.id limit 1`);
  const [image] = await db.query<{ hash: string }>(sql`select hash from images order by id limit 1`);

  const row = (label: string, figures: { p50Ms: number; p95Ms: number }, note = "") =>
    console.log(`| ${label} | ${figures.p50Ms.toFixed(2)} | ${figures.p95Ms.toFixed(2)} | ${note} |`);
  const timed = async (request: (round: number) => Promise<void>, count = runs) => {
    await measureLatency(request, Math.ceil(count / 10));
    return measureLatency(request, count);
  };

  console.log(`| request | p50 ms | p95 ms | note |`);
  console.log(`|---|---:|---:|---|`);
  row("bare select, page 0 of 50", await timed(async () => {
    await db.query(sql`select id, name, description, created_at, owner_id from things where owner_id = ${browse!.id} order by created_at, id limit 50`);
  }));
  const others = viewers.filter((viewer) => viewer.id !== browse!.id);
  for (const viewer of [{ ...browse!, name: "", email: "user0@bench.test", friends: -1 }, ...others]) {
    const token = await issueAccessToken(signingKey, { ...viewer, sessionEpoch: 0 }, new Date());
    const headers = { cookie: `${accessCookie}=${token.token}` };
    const [degree] = await db.query<{ friends: number }>(sql`select count(*)::int as friends from friendships where ${viewer.id} in (friend1_id, friend2_id)`);
    const who = viewer.email === "user0@bench.test" ? `browsing user (${degree!.friends} friends)` : `${degree!.friends} friends`;
    let note = "";
    const get = (path: string) => async () => {
      const response = await app.request(`http://localhost${path}`, { headers });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${text}`);
      const total = /"totalCount":(\d+)/.exec(text);
      if (total) note = `totalCount ${total[1]}`;
    };
    row(`GET /api/things page 0, ${who}`, await timed(get("/api/things?perPage=50&page=0")), note);
    row(`GET /api/things page 100, ${who}`, await timed(get("/api/things?perPage=50&page=100")), note);
    note = "";
    row(`GET /api/things/:id, ${who}`, await timed(get(`/api/things/${thing!.id}`)));
    row(`/assets/:hash authorization, ${who}`, await timed(async () => {
      await findVisibleFileByHash(db, viewer.id, image!.hash);
    }));
    row(`GET /api/notifications, ${who}`, await timed(get("/api/notifications")), note);
    // Search takes up to seconds for viewers who see a quarter of the instance: fewer runs.
    row(`GET /api/search?query=drill, ${who}`, await timed(get("/api/search?query=drill"), Math.ceil(runs / 5)), note);
  }
  await db.close();
} finally {
  await rm(stateDirectory, { recursive: true, force: true });
  await cluster?.stop();
}
