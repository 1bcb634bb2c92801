// Run every load scenario and compare each with its ceilings measured in the same run, so the
// results are ratios that hold on a noisy machine. Scenarios: info, profile, browse things (a
// user with 10,000 things, and a hub with 5,000 friends), open a thing, search, a cached
// thumbnail, login, and a weighted mix of them. Ceilings: a bare Bun.serve response, and a bare
// postgres.js query of the same shape as the scenario's main statement (docs/benchmarks/suite.md).
//
//   bun bench/run.ts [--scale 0.1] [--seconds 10] [--connections 32] [--only search,login]
//   bun bench/run.ts --database-url postgres://… --instance FILE [--image-dir DIR]
//   bun bench/run.ts --base-url http://host:8081 --instance FILE [--database-url postgres://…]
//
// With neither --base-url nor --database-url it starts a throwaway PostgreSQL cluster,
// generates an instance (bench/generate.ts) at the given scale, and starts `serve` on it.
// With --database-url alone it takes an instance generated before (its --instance file and
// image directory, by default `images` beside that file), runs `migrate`, and starts `serve`
// on it. With --base-url it loads that server; the SQL ceilings need --database-url too and
// are left out without it. `serve` and `migrate` are dist/stashsphere when built, else the
// source run by Bun. Needs `wrk` (Debian package `wrk`). Results go to
// bench/results/run-<time>.md (the server's log beside it) and the table to stdout.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import postgres from "postgres";
import { startPostgresCluster } from "../src/testing/postgres-cluster.ts";
import { generateInstance } from "./generate.ts";
import { freePort, startServe, waitForOk } from "./lib/suite-server.ts";
import { suiteScenarios, type Instance, type LoadRequest } from "./lib/suite-scenarios.ts";
import { formatRow, formatTable, type SuiteRow } from "./lib/suite-table.ts";
import { runLoad } from "./lib/wrk.ts";

interface Options {
  baseUrl?: string;
  databaseUrl?: string;
  instancePath?: string;
  imageDir?: string;
  scale: number;
  seconds: number;
  connections: number;
  only?: Set<string>;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { scale: 0.1, seconds: 10, connections: 32 };
  for (let index = 0; index < argv.length; index += 2) {
    const [flag, value] = [argv[index], argv[index + 1]];
    if (value === undefined) throw new Error(`option ${flag} needs a value`);
    if (flag === "--base-url") options.baseUrl = value.replace(/\/$/, "");
    else if (flag === "--database-url") options.databaseUrl = value;
    else if (flag === "--instance") options.instancePath = resolve(value);
    else if (flag === "--image-dir") options.imageDir = resolve(value);
    else if (flag === "--scale") options.scale = Number(value);
    else if (flag === "--seconds") options.seconds = Number(value);
    else if (flag === "--connections") options.connections = Number(value);
    else if (flag === "--only") options.only = new Set(value.split(","));
    else throw new Error(`unknown option ${flag}; see the comment at the top of bench/run.ts`);
  }
  return options;
}

const serverPort = freePort();
const bareHttpPort = freePort();
const bareSqlPort = freePort();

async function loginCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/user/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`login as ${email} failed with ${response.status}: ${await response.text()}`);
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
}

/** Send one request as wrk would with `{n}` = `turn`; resolves to the status. */
async function sendOnce(origin: string, entry: { method?: string; path: string; body?: string }, headers: Record<string, string>, turn: number): Promise<number> {
  const body = entry.body?.replaceAll("{n}", String(turn));
  const response = await fetch(`${origin}${entry.path.replaceAll("{n}", String(turn))}`, {
    method: entry.method ?? "GET",
    headers: { ...headers, ...(body ? { "Content-Type": "application/json" } : {}), "X-Forwarded-For": `10.255.${turn >> 8}.${turn & 255}` },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

/**
 * Send each distinct request once, so a broken path or session is reported and caches are
 * warm. Only a 4xx skips the scenario: a 5xx (a query past the server's timeout) is a result.
 */
async function probe(baseUrl: string, request: LoadRequest, headers: Record<string, string>): Promise<string | undefined> {
  for (const entry of request.mix ?? [request]) {
    const status = await sendOnce(baseUrl, entry, headers, 1);
    if (status >= 400 && status < 500) return `${entry.method ?? "GET"} ${entry.path} responded with ${status}`;
    if (status >= 500) console.log(`${entry.method ?? "GET"} ${entry.path} responded with ${status} before the measurement`);
  }
  return undefined;
}

/** Measure the median time of five requests sent one after another: the latency without queueing. */
async function singleRequestMs(origin: string, request: LoadRequest, headers: Record<string, string>): Promise<number | undefined> {
  if (request.mix) return undefined;
  const times: number[] = [];
  for (let turn = 0; turn < 5; turn++) {
    const started = performance.now();
    await sendOnce(origin, request, headers, 100 + turn);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[2];
}

/**
 * Wait until the server responds to a cheap signed-in request within a second. Requests that wrk
 * gave up on keep running in the server and would otherwise slow down the next measurement.
 */
async function settle(baseUrl: string, cookie: string, monitor: postgres.Sql | undefined): Promise<void> {
  if (monitor) await waitForIdleDatabase(monitor);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const started = performance.now();
    const ok = await fetch(`${baseUrl}/api/user/profile`, { headers: { Cookie: cookie }, signal: AbortSignal.timeout(5_000) }).then((response) => response.ok, () => false);
    if (ok && performance.now() - started < 1_000) return;
    await Bun.sleep(500);
  }
  console.log("the server is still busy after 120 s; measuring anyway");
}

/**
 * Wait until no other session of the database runs a statement, for at most a minute, then
 * cancel what still runs. A request that timed out in the server can leave its statement
 * running in PostgreSQL, even after `serve` has stopped, and it would take CPU from the next
 * measurement.
 */
async function waitForIdleDatabase(monitor: postgres.Sql): Promise<void> {
  const busy = () => monitor<{ pid: number }[]>`
    select pid from pg_stat_activity
    where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if ((await busy()).length === 0) return;
    await Bun.sleep(500);
  }
  const cancelled = await monitor`
    select pg_cancel_backend(pid) from pg_stat_activity
    where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`;
  console.log(`cancelled ${cancelled.length} statement(s) still running after a minute of waiting`);
}

function gitCommit(): string {
  const result = Bun.spawnSync(["git", "rev-parse", "--short", "HEAD"], { cwd: import.meta.dir, stderr: "ignore" });
  return result.exitCode === 0 ? result.stdout.toString().trim() : "unknown";
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const work = await mkdtemp(join(tmpdir(), "stashsphere-bench-"));
  const resultsDir = join(import.meta.dir, "results");
  const startedAt = new Date().toISOString();
  const stamp = startedAt.replace(/[:.]/g, "-");
  await mkdir(resultsDir, { recursive: true });
  const logFile = join(resultsDir, `run-${stamp}.serve.log`);
  cleanups.push(() => rm(work, { recursive: true, force: true }));
  try {
    let baseUrl = options.baseUrl;
    let databaseUrl = options.databaseUrl;
    let instance: Instance;

    if (!baseUrl && !databaseUrl) {
      const cluster = await startPostgresCluster();
      cleanups.push(() => cluster.stop());
      databaseUrl = cluster.url;
      const imageDir = join(work, "image_store");
      console.log(`generating an instance at scale ${options.scale}…`);
      const instancePath = join(work, "instance.json");
      instance = (await generateInstance({ url: cluster.url, seed: 42, scale: options.scale, imageDir, instancePath })) as unknown as Instance;
      cleanups.push(await startServe({ databaseUrl, imageDir, work, port: serverPort, logFile }));
      baseUrl = `http://127.0.0.1:${serverPort}`;
    } else {
      const instancePath = options.instancePath ?? join(import.meta.dir, "results", "instance.json");
      instance = JSON.parse(await readFile(instancePath, "utf8")) as Instance;
      if (!baseUrl) {
        const imageDir = options.imageDir ?? join(dirname(instancePath), "images");
        cleanups.push(await startServe({ databaseUrl: databaseUrl as string, imageDir, work, port: serverPort, logFile }));
        baseUrl = `http://127.0.0.1:${serverPort}`;
      }
    }

    const bareHttp = Bun.spawn([process.execPath, join(import.meta.dir, "ceilings/bare-http.ts"), String(bareHttpPort)], { stdout: "ignore" });
    cleanups.push(() => bareHttp.kill());
    await waitForOk(`http://127.0.0.1:${bareHttpPort}/`, 10_000);
    const monitor = databaseUrl ? postgres(databaseUrl, { max: 1, onnotice: () => {} }) : undefined;
    if (monitor) cleanups.push(() => monitor.end());
    if (databaseUrl) {
      const bareSql = Bun.spawn([process.execPath, join(import.meta.dir, "ceilings/bare-sql.ts"), String(bareSqlPort), databaseUrl], { stdout: "ignore" });
      cleanups.push(() => bareSql.kill());
      await waitForOk(`http://127.0.0.1:${bareSqlPort}/`, 10_000);
    }

    const sessions = {
      anonymous: "",
      browser: await loginCookie(baseUrl, instance.browseUser.email, instance.password),
      connected: await loginCookie(baseUrl, instance.bestConnectedUser.email ?? instance.browseUser.email, instance.password),
    };

    const loadBefore = loadavg();
    const rows: SuiteRow[] = [];
    // Past the server's 10 s query timeout, so a slow scenario shows as latency and 503s.
    const load = { seconds: options.seconds, connections: options.connections, timeoutSeconds: 15 };
    for (const scenario of suiteScenarios(instance)) {
      if (options.only && !options.only.has(scenario.name)) continue;
      const headers: Record<string, string> = sessions[scenario.as] ? { Cookie: sessions[scenario.as] } : {};
      const problem = await probe(baseUrl, scenario.request, headers);
      if (problem) {
        console.log(`${scenario.name}: skipped, ${problem}`);
        continue;
      }
      const measure = async (origin: string, request: LoadRequest, requestHeaders: Record<string, string>) => {
        await settle(baseUrl, sessions.browser, monitor);
        const singleMs = await singleRequestMs(origin, request, requestHeaders);
        const result = await runLoad({ ...load, url: `${origin}${request.path}`, method: request.method, body: request.body, mix: request.mix, vary: request.vary, headers: requestHeaders });
        return { ...result, singleMs };
      };
      const result = await measure(baseUrl, scenario.request, headers);
      const ceilings = [];
      for (const ceiling of scenario.ceilings) {
        if (ceiling.server === "sql" && !databaseUrl) continue;
        const port = ceiling.server === "http" ? bareHttpPort : bareSqlPort;
        ceilings.push({ label: ceiling.label, result: await measure(`http://127.0.0.1:${port}`, ceiling.request, {}) });
      }
      await settle(baseUrl, sessions.browser, monitor);
      const row = { scenario: scenario.name, result, ceilings };
      rows.push(row);
      console.log(formatRow(row));
    }
    const loadAfter = loadavg();

    const version = await fetch(`${baseUrl}/api/info`).then((response) => response.json(), () => ({})) as { version?: string };
    const loads = (values: number[]) => values.map((value) => value.toFixed(2)).join(" ");
    const summary = [
      `# Benchmark run started ${startedAt}`,
      "",
      `Server: ${baseUrl} (version ${version.version ?? "unknown"}, bench commit ${gitCommit()}). Instance: ${instance.users} users, ${instance.things} things, ${instance.lists ?? "?"} lists, ${instance.images ?? "?"} images, scale ${instance.scale}.`,
      `Load: wrk from a second process, ${options.connections} connections, ${options.seconds} s per measurement, ${navigator.hardwareConcurrency} cores. Load average (1, 5, 15 min) before: ${loads(loadBefore)}; after: ${loads(loadAfter)}.`,
      "",
      formatTable(rows),
    ].join("\n");
    const file = join(resultsDir, `run-${stamp}.md`);
    await writeFile(file, `${summary}\n`);
    console.log(`\n${summary}\n\nwritten to ${file}`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

await main();
