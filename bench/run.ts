// Run the load scenarios and compare each with its ceiling measured in the same run, so the
// results are ratios that hold on a noisy machine.
//
//   bun bench/run.ts [--scale 0.1] [--seconds 10] [--connections 32] [--only info,things]
//   bun bench/run.ts --base-url http://host:8081 --instance bench/results/instance.json
//
// Without --base-url it starts a throwaway PostgreSQL cluster, generates an instance
// (bench/generate.ts) at the given scale, and starts `dist/stashsphere serve` (or the source
// with Bun when no binary is built) on it. Needs `wrk` (Debian package `wrk`). Results go to
// bench/results/run-<time>.md and a summary to stdout.
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateSigningKeyText } from "../src/auth/signing-key.ts";
import { startPostgresCluster } from "../src/testing/postgres-cluster.ts";
import { generateInstance } from "./generate.ts";
import { runLoad, type LoadResult } from "./lib/wrk.ts";

interface Options {
  baseUrl?: string;
  instancePath?: string;
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
    else if (flag === "--instance") options.instancePath = value;
    else if (flag === "--scale") options.scale = Number(value);
    else if (flag === "--seconds") options.seconds = Number(value);
    else if (flag === "--connections") options.connections = Number(value);
    else if (flag === "--only") options.only = new Set(value.split(","));
    else throw new Error(`unknown option ${flag}; see the comment at the top of bench/run.ts`);
  }
  return options;
}

const root = resolve(import.meta.dir, "..");

async function waitForOk(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await Bun.sleep(50);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s`);
}

function spawnServer(args: string[], env: Record<string, string> = {}) {
  return Bun.spawn(args, { cwd: root, stdout: "ignore", stderr: "ignore", env: { ...process.env, ...env } });
}

async function loginCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/user/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`login as ${email} failed with ${response.status}: ${await response.text()}`);
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
  return cookies.join("; ");
}

interface Scenario {
  name: string;
  path: string;
  /** Which session to send: none, the browsing user or the best-connected user. */
  as: "anonymous" | "browser" | "connected";
  /** The ceiling's URL path on the bare servers, and which of the two. */
  ceiling: { server: "http" | "sql"; path: string };
}

interface Row {
  scenario: string;
  result: LoadResult;
  ceiling: LoadResult;
}

function formatRow(row: Row): string {
  const ratio = row.result.requestsPerSecond / row.ceiling.requestsPerSecond;
  const cell = (result: LoadResult) => `${result.requestsPerSecond.toFixed(0)} | ${result.p50Ms.toFixed(2)} | ${result.p95Ms.toFixed(2)} | ${result.p99Ms.toFixed(2)} | ${result.errors}`;
  return `| ${row.scenario} | ${cell(row.result)} | ${row.ceiling.requestsPerSecond.toFixed(0)} | ${row.ceiling.p95Ms.toFixed(2)} | ${ratio.toFixed(2)} |`;
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  try {
    let baseUrl = options.baseUrl;
    let databaseUrl: string | undefined;
    let instance: Record<string, any>;

    if (!baseUrl) {
      const cluster = await startPostgresCluster();
      cleanups.push(() => cluster.stop());
      databaseUrl = cluster.url;
      const work = await mkdtemp(join(tmpdir(), "stashsphere-bench-"));
      const imageDir = join(work, "image_store");
      console.log(`generating an instance at scale ${options.scale}…`);
      instance = await generateInstance({ url: cluster.url, seed: 42, scale: options.scale, imageDir });

      const socketDir = new URL(cluster.url).searchParams.get("host") as string;
      const config = {
        listenAddress: "127.0.0.1:18090",
        database: { host: socketDir, user: "postgres", name: new URL(cluster.url).pathname.slice(1) || "postgres", maxConnections: 10 },
        auth: { privateKey: generateSigningKeyText(), disableSecureCookies: true },
        image: { path: imageDir, cachePath: join(work, "image_cache") },
        trustedProxies: ["127.0.0.1"],
        log: { level: "info", format: "json" },
      };
      const configPath = join(work, "bench.json");
      await writeFile(configPath, JSON.stringify(config));
      const binary = join(root, "dist", "stashsphere");
      const command = existsSync(binary) ? [binary, "serve", "--conf", configPath] : [process.execPath, join(root, "src/main.ts"), "serve", "--conf", configPath];
      const server = spawnServer(command);
      cleanups.push(() => server.kill("SIGTERM"));
      baseUrl = "http://127.0.0.1:18090";
      await waitForOk(`${baseUrl}/readyz`, 60_000);
    } else {
      instance = JSON.parse(await readFile(options.instancePath ?? join(import.meta.dir, "results", "instance.json"), "utf8"));
    }

    const bareHttp = spawnServer([process.execPath, join(import.meta.dir, "ceilings/bare-http.ts"), "18091"]);
    cleanups.push(() => bareHttp.kill());
    await waitForOk("http://127.0.0.1:18091/", 10_000);
    if (databaseUrl) {
      const bareSql = spawnServer([process.execPath, join(import.meta.dir, "ceilings/bare-sql.ts"), "18092", databaseUrl]);
      cleanups.push(() => bareSql.kill());
      await waitForOk(`http://127.0.0.1:18092/profile?p=x`, 10_000);
    }

    const sessions = {
      anonymous: "",
      browser: await loginCookie(baseUrl, instance.browseUser.email, instance.password),
      connected: await loginCookie(baseUrl, instance.bestConnectedUser.email ?? instance.browseUser.email, instance.password),
    };

    const hash = instance.imageHashes?.[0];
    const scenarios: Scenario[] = [
      { name: "info", path: "/api/info", as: "anonymous", ceiling: { server: "http", path: "/" } },
      { name: "profile", path: "/api/user/profile", as: "browser", ceiling: { server: "sql", path: `/profile?p=${instance.browseUser.id}` } },
      { name: "things", path: "/api/things?page=3&perPage=50", as: "browser", ceiling: { server: "sql", path: `/things-page?p=${instance.browseUser.id}` } },
      { name: "things-fof", path: "/api/things?page=0&perPage=50", as: "connected", ceiling: { server: "sql", path: `/things-page?p=${instance.bestConnectedUser.id}` } },
      { name: "thing", path: `/api/things/${instance.richThingId}`, as: "browser", ceiling: { server: "sql", path: `/thing?p=${instance.richThingId}` } },
      { name: "search", path: "/api/search?query=drill", as: "connected", ceiling: { server: "sql", path: "/search?p=drill" } },
      { name: "thumbnail", path: `/assets/${hash}?width=384`, as: "browser", ceiling: { server: "http", path: "/" } },
    ];

    const rows: Row[] = [];
    for (const scenario of scenarios) {
      if (options.only && !options.only.has(scenario.name)) continue;
      if (scenario.ceiling.server === "sql" && !databaseUrl) continue;
      const headers: Record<string, string> = sessions[scenario.as] ? { Cookie: sessions[scenario.as] } : {};
      const probe = await fetch(`${baseUrl}${scenario.path}`, { headers });
      if (!probe.ok) {
        console.log(`${scenario.name}: skipped, ${scenario.path} answered ${probe.status}`);
        continue;
      }
      const load = { seconds: options.seconds, connections: options.connections };
      const result = await runLoad({ ...load, url: `${baseUrl}${scenario.path}`, headers });
      const ceilingPort = scenario.ceiling.server === "http" ? 18091 : 18092;
      const ceiling = await runLoad({ ...load, url: `http://127.0.0.1:${ceilingPort}${scenario.ceiling.path}` });
      const row = { scenario: scenario.name, result, ceiling };
      rows.push(row);
      console.log(formatRow(row));
    }

    const header = [
      `# Benchmark run ${new Date().toISOString()}`,
      "",
      `Instance: ${instance.things} things, ${instance.users} users, scale ${instance.scale}. Load: wrk, ${options.connections} connections, ${options.seconds} s per measurement, on this machine (${navigator.hardwareConcurrency} cores).`,
      "",
      "| scenario | req/s | p50 ms | p95 ms | p99 ms | errors | ceiling req/s | ceiling p95 ms | ratio |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ];
    const table = [...header, ...rows.map(formatRow)].join("\n");
    const resultsDir = join(import.meta.dir, "results");
    await mkdir(resultsDir, { recursive: true });
    const file = join(resultsDir, `run-${new Date().toISOString().replace(/[:.]/g, "-")}.md`);
    await writeFile(file, `${table}\n`);
    console.log(`\n${table}\n\nwritten to ${file}`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

await main();
