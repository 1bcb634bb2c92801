// Throughput of the request path, as ratios measured in the same round: `GET /api/info` against a
// bare Bun.serve returning the same JSON, and a signed-in `GET /api/user/profile` (one query on
// PostgreSQL) against `/api/info`. The three loads run back to back, round after round, so a
// neighbour's burst on a shared machine hits one round, not one scenario.
//
//   bun bench/http.ts [--rounds 5] [--seconds 5] [--connections 32] [--log file|none] [--max-connections 10]
//                     [--executable PATH]
//
// `serve` runs as in production (the built executable when there is one, else the source) on a
// throwaway PostgreSQL cluster with a small generated instance. With `--log file` (the default)
// it logs every request as JSON to stderr, which is a file; `--log none` logs warnings only.
// `--executable` runs another build instead, e.g. an earlier commit's for a before-and-after.
import { loadavg } from "node:os";
import { join } from "node:path";
import { prepareBenchSite } from "./lib/bench-site.ts";
import { runLoad, type LoadResult } from "./lib/wrk.ts";

function option(name: string, fallback: string): string {
  const index = Bun.argv.indexOf(`--${name}`);
  return index > 0 ? (Bun.argv[index + 1] ?? fallback) : fallback;
}

const rounds = Number(option("rounds", "5"));
const seconds = Number(option("seconds", "5"));
const connections = Number(option("connections", "32"));
const logMode = option("log", "file");
const maxConnections = Number(option("max-connections", "10"));
const executable = option("executable", "") || undefined;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const load = () => loadavg().map((value) => value.toFixed(1)).join(" ");

const site = await prepareBenchSite(0.01);
const bare = Bun.spawn([process.execPath, join(import.meta.dir, "ceilings/bare-http.ts"), "18191"], { stdout: "ignore", stderr: "ignore" });
try {
  const logFile = join(site.work, "serve.log");
  const serve = await site.startServe(18190, { requestLogFile: logMode === "file" ? logFile : undefined, maxConnections, executable });
  const cookie = await site.login(serve.baseUrl);
  await Bun.sleep(300);

  const scenarios: Record<string, { url: string; headers?: Record<string, string> }> = {
    bare: { url: "http://127.0.0.1:18191/" },
    info: { url: `${serve.baseUrl}/api/info` },
    profile: { url: `${serve.baseUrl}/api/user/profile`, headers: { Cookie: cookie } },
  };
  const results: Record<string, LoadResult[]> = { bare: [], info: [], profile: [] };
  console.log(`${rounds} rounds of ${seconds} s per scenario, wrk with ${connections} connections, request log: ${logMode === "file" ? `JSON to ${logFile}` : "off"}, pool ${maxConnections}`);
  console.log("| round | load avg | bare req/s | info req/s | info p95 ms | profile req/s | profile p95 ms | info / bare | profile / info |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (let round = 1; round <= rounds; round++) {
    const loadBefore = load();
    for (const [name, scenario] of Object.entries(scenarios)) {
      const result = await runLoad({ url: scenario.url, headers: scenario.headers, seconds, connections });
      if (result.errors > 0) throw new Error(`${name}: ${result.errors} errors or non-2xx responses`);
      results[name]!.push(result);
    }
    const [b, i, p] = [results.bare!.at(-1)!, results.info!.at(-1)!, results.profile!.at(-1)!];
    console.log(
      `| ${round} | ${loadBefore} | ${b.requestsPerSecond.toFixed(0)} | ${i.requestsPerSecond.toFixed(0)} | ${i.p95Ms.toFixed(2)} | ${p.requestsPerSecond.toFixed(0)} | ${p.p95Ms.toFixed(2)} | ${(i.requestsPerSecond / b.requestsPerSecond).toFixed(2)} | ${(p.requestsPerSecond / i.requestsPerSecond).toFixed(2)} |`,
    );
  }
  const ratios = (top: string, bottom: string) => results[top]!.map((result, index) => result.requestsPerSecond / results[bottom]![index]!.requestsPerSecond);
  console.log(`\nmedian info / bare ${median(ratios("info", "bare")).toFixed(2)}, median profile / info ${median(ratios("profile", "info")).toFixed(2)}; load average after: ${load()}`);
  if (logMode === "file") console.log(`request log: ${(await Bun.file(logFile).text()).split("\n").length - 1} lines`);
} finally {
  bare.kill();
  await site.stop();
}
