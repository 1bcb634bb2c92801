// Throughput of one `serve` instance against two behind haproxy, on the same machine with the
// same mixed scenario (reads, searches, thing creation, cart additions), with the CPU time each
// process used, to show what limits it.
//
//   bun bench/instances.ts [--scale 0.02] [--seconds 15] [--connections 32] [--each-request 5]
//
// --each-request N first loads one instance with each request of the mix alone for N seconds,
// to show which requests cost the most.
// Uses the built executable when dist/stashsphere exists (bun run build.ts), else the source.
// Needs PostgreSQL's server programs, haproxy and wrk. Prints a Markdown table.
import { startHaproxy, type LoadBalancer } from "../src/testing/haproxy.ts";
import { cpuSecondsOf, prepareBenchSite, serveCommand, type ServeChild } from "./lib/bench-site.ts";
import { runLoad, type LoadResult } from "./lib/wrk.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";

function parseOptions(argv: string[]) {
  const options = { scale: 0.02, seconds: 15, connections: 32, eachRequest: 0 };
  for (let index = 0; index < argv.length; index += 2) {
    const [flag, value] = [argv[index], Number(argv[index + 1])];
    if (flag === "--scale") options.scale = value;
    else if (flag === "--seconds") options.seconds = value;
    else if (flag === "--connections") options.connections = value;
    else if (flag === "--each-request") options.eachRequest = value;
    else throw new Error(`unknown option ${flag}; see the comment at the top of bench/instances.ts`);
  }
  return options;
}

async function freePort(): Promise<number> {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = probe.port as number;
  await probe.stop(true);
  return port;
}

/** Busy and total CPU time of the whole machine, in clock ticks, from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const [, ...values] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

function postgresProcessIds(clusterDirectory: string): number[] {
  const postmaster = Number(readFileSync(join(clusterDirectory, "data", "postmaster.pid"), "utf8").split("\n")[0]);
  const children = Bun.spawnSync(["pgrep", "-P", String(postmaster)]).stdout.toString().split("\n").filter(Boolean).map(Number);
  return [postmaster, ...children];
}

interface Row {
  setup: string;
  result: LoadResult;
  cpu: Record<string, number>;
  machineBusy: number;
}

const options = parseOptions(process.argv.slice(2));
console.log(`serve runs as: ${serveCommand().join(" ")}; generating an instance at scale ${options.scale}…`);
const site = await prepareBenchSite(options.scale);
const rows: Row[] = [];
let balancer: LoadBalancer | string | undefined;
try {
  const instances: ServeChild[] = [await site.startServe(await freePort()), await site.startServe(await freePort())];
  const cookie = await site.login(instances[0]!.baseUrl);
  const mix = await site.mixedScenario(instances[0]!.baseUrl, cookie);

  const measure = async (setup: string, baseUrl: string, processes: Record<string, number[]>) => {
    const cpuBefore: Record<string, number> = {};
    for (const [name, pids] of Object.entries(processes)) cpuBefore[name] = (await Promise.all(pids.map(cpuSecondsOf))).reduce((a, b) => a + b, 0);
    const machineBefore = machineTicks();
    const result = await runLoad({ url: baseUrl, seconds: options.seconds, connections: options.connections, threads: 2, headers: { Cookie: cookie }, mix });
    const machineAfter = machineTicks();
    const cpu: Record<string, number> = {};
    for (const [name, pids] of Object.entries(processes)) cpu[name] = (await Promise.all(pids.map(cpuSecondsOf))).reduce((a, b) => a + b, 0) - cpuBefore[name]!;
    const machineBusy = (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);
    rows.push({ setup, result, cpu, machineBusy });
    console.log(setup, JSON.stringify(result), JSON.stringify(cpu), machineBusy.toFixed(2));
  };

  if (options.eachRequest > 0) {
    for (const request of mix) {
      const alone = await runLoad({ url: instances[0]!.baseUrl, seconds: options.eachRequest, connections: options.connections, threads: 2, headers: { Cookie: cookie }, mix: [request] });
      console.log(`alone: ${request.method} ${request.path.replace(/[A-Za-z0-9_-]{21}/, ":id")}: ${alone.requestsPerSecond.toFixed(0)} req/s, p50 ${alone.p50Ms.toFixed(1)} ms, errors ${alone.errors}`);
    }
  }

  const postgres = postgresProcessIds(site.cluster.directory);
  await measure("one instance, direct", instances[0]!.baseUrl, { "instance 1": [instances[0]!.pid], postgres });

  for (const count of [1, 2]) {
    const used = instances.slice(0, count);
    balancer = await startHaproxy(site.work, await freePort(), used.map((instance) => Number(new URL(instance.baseUrl).port)));
    if (typeof balancer === "string") throw new Error(balancer);
    const haproxyPid = Number(Bun.spawnSync(["pgrep", "-n", "haproxy"]).stdout.toString().trim());
    const processes: Record<string, number[]> = { postgres: postgresProcessIds(site.cluster.directory), haproxy: [haproxyPid] };
    used.forEach((instance, index) => (processes[`instance ${index + 1}`] = [instance.pid]));
    await measure(`${count} instance${count > 1 ? "s" : ""} behind haproxy`, balancer.baseUrl, processes);
    await balancer.stop();
    balancer = undefined;
  }
} finally {
  if (typeof balancer === "object") await balancer.stop();
  await site.stop();
}

const seconds = options.seconds;
console.log(`\nMixed scenario, wrk -t2 -c${options.connections}, ${seconds} s per row, ${navigator.hardwareConcurrency} cores; CPU is the share of one core each process used.\n`);
console.log("| setup | req/s | p50 ms | p95 ms | p99 ms | errors | instance 1 CPU | instance 2 CPU | PostgreSQL CPU | haproxy CPU | machine busy |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const row of rows) {
  const share = (name: string) => (row.cpu[name] === undefined ? "–" : `${Math.round((row.cpu[name]! / seconds) * 100)} %`);
  const { result } = row;
  console.log(
    `| ${row.setup} | ${result.requestsPerSecond.toFixed(0)} | ${result.p50Ms.toFixed(1)} | ${result.p95Ms.toFixed(1)} | ${result.p99Ms.toFixed(1)} | ${result.errors} |`,
    `${share("instance 1")} | ${share("instance 2")} | ${share("postgres")} | ${share("haproxy")} | ${Math.round(row.machineBusy * 100)} % |`,
  );
}
