// Measure the compiled executable under each hardening line of packaging/systemd/
// stashsphere.service that can change its behaviour, applied by bench/hardening/restrict.ts:
//
//   bun bench/hardening/measure.ts [--binary dist/stashsphere] [--rounds 3] [--seconds 5]
//
// For each variant and each database (embedded PGlite, and PostgreSQL in a throwaway cluster)
// it runs `migrate` on a new database, starts `serve` on it and measures the time until
// /readyz answers 200, then requests per second of GET /api/info (JavaScript only) and
// GET /readyz (a database round trip and the migration check) from 16 concurrent clients in
// this unrestricted process, with the server's CPU time per request. Prints the median of the
// rounds as a Markdown table.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateSigningKeyText } from "../../src/auth/signing-key.ts";
import { connectPostgresUrl } from "../../src/db/postgres.ts";
import { sql } from "../../src/db/sql.ts";
import { startPostgresCluster, type PostgresCluster } from "../../src/testing/postgres-cluster.ts";

const restrictScript = join(import.meta.dir, "restrict.ts");
const variants: Record<string, string[]> = {
  "no restriction": [],
  "MemoryDenyWriteExecute (prctl)": ["--mdwe=prctl"],
  "MemoryDenyWriteExecute (seccomp)": ["--mdwe=seccomp"],
  "SystemCallFilter=@system-service": ["--syscall-filter=@system-service"],
  "RestrictAddressFamilies": ["--address-families=AF_INET,AF_INET6,AF_UNIX"],
  "unit as shipped (all but MDWE)": ["--syscall-filter=@system-service", "--address-families=AF_INET,AF_INET6,AF_UNIX"],
};

interface Sample {
  migrateSeconds: number;
  readySeconds: number;
  infoPerSecond: number;
  /** Server CPU time per request, in microseconds: unaffected by the load generator's share. */
  infoCpuMicroseconds: number;
  readyzPerSecond: number;
  readyzCpuMicroseconds: number;
  outcome: string;
}

function option(name: string, fallback: string): string {
  const index = Bun.argv.indexOf(`--${name}`);
  return index > 0 ? (Bun.argv[index + 1] ?? fallback) : fallback;
}

const binary = resolve(option("binary", "dist/stashsphere"));
const rounds = Number(option("rounds", "3"));
const seconds = Number(option("seconds", "5"));

function freeLoopbackPort(): number {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = probe.port as number;
  probe.stop(true);
  return port;
}

async function runRestricted(flags: string[], args: string[], env: Record<string, string>): Promise<{ seconds: number; status: number; stderr: string }> {
  const started = performance.now();
  const child = Bun.spawn([process.execPath, restrictScript, ...flags, "--", binary, ...args], { env, stdout: "ignore", stderr: "pipe" });
  const [status, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
  return { seconds: (performance.now() - started) / 1000, status, stderr };
}

/** CPU time (user + system) of a process and its threads so far, in seconds. */
async function cpuSecondsOf(pid: number): Promise<number> {
  const fields = (await Bun.file(`/proc/${pid}/stat`).text()).split(") ")[1]!.split(" ");
  // utime and stime are fields 14 and 15 of /proc/PID/stat, in clock ticks of 1/100 s on Linux.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The executable started by restrict.ts, whose CPU time is what we compare. */
async function serverPidUnder(launcherPid: number): Promise<number> {
  const children = (await Bun.file(`/proc/${launcherPid}/task/${launcherPid}/children`).text()).trim().split(" ");
  return Number(children[0]);
}

async function requestsPerSecond(url: string, serverPid: number): Promise<{ perSecond: number; cpuMicroseconds: number }> {
  const cpuBefore = await cpuSecondsOf(serverPid);
  const deadline = performance.now() + seconds * 1000;
  let count = 0;
  const client = async () => {
    while (performance.now() < deadline) {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      count += 1;
    }
  };
  await Promise.all(Array.from({ length: 16 }, client));
  const cpuSeconds = (await cpuSecondsOf(serverPid)) - cpuBefore;
  return { perSecond: count / seconds, cpuMicroseconds: (cpuSeconds * 1e6) / count };
}

const failed = (outcome: string, migrateSeconds = NaN): Sample => ({
  migrateSeconds,
  readySeconds: NaN,
  infoPerSecond: NaN,
  infoCpuMicroseconds: NaN,
  readyzPerSecond: NaN,
  readyzCpuMicroseconds: NaN,
  outcome,
});

/** Returns the YAML lines that select the database of one sample. */
type DatabaseSetup = () => Promise<{ yaml: string; drop(): Promise<void> }>;

async function measureOnce(flags: string[], setUpDatabase: DatabaseSetup): Promise<Sample> {
  const state = await mkdtemp(join(tmpdir(), "stashsphere-hardening-"));
  const port = freeLoopbackPort();
  const env = { PATH: "/usr/bin:/bin", STATE_DIRECTORY: state, CACHE_DIRECTORY: join(state, "cache") };
  const configFile = join(state, "settings.yaml");
  const database = await setUpDatabase();
  await Bun.write(configFile, `listenAddress: "127.0.0.1:${port}"\nlog:\n  level: warn\n${database.yaml}`);
  try {
    const migrated = await runRestricted(flags, ["migrate", "--conf", configFile], env);
    if (migrated.status !== 0) return failed(`migrate exited ${migrated.status}: ${migrated.stderr.trim().split("\n").at(-1)}`);

    const started = performance.now();
    const server = Bun.spawn([process.execPath, restrictScript, ...flags, "--", binary, "serve", "--conf", configFile], { env, stdout: "ignore", stderr: "pipe" });
    const base = `http://127.0.0.1:${port}`;
    for (;;) {
      if (server.exitCode !== null) {
        const stderr = await new Response(server.stderr).text();
        return failed(`serve exited ${server.exitCode}: ${stderr.trim().split("\n").at(-1)}`, migrated.seconds);
      }
      const status = await fetch(`${base}/readyz`).then((response) => response.status, () => 0);
      if (status === 200) break;
      await Bun.sleep(20);
    }
    const readySeconds = (performance.now() - started) / 1000;
    const serverPid = await serverPidUnder(server.pid);
    const info = await requestsPerSecond(`${base}/api/info`, serverPid);
    const readyz = await requestsPerSecond(`${base}/readyz`, serverPid);
    server.kill("SIGTERM");
    const status = await server.exited;
    return {
      migrateSeconds: migrated.seconds,
      readySeconds,
      infoPerSecond: info.perSecond,
      infoCpuMicroseconds: info.cpuMicroseconds,
      readyzPerSecond: readyz.perSecond,
      readyzCpuMicroseconds: readyz.cpuMicroseconds,
      outcome: status === 0 ? "ok" : `serve stopped with ${status}`,
    };
  } finally {
    await database.drop();
    await rm(state, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const embedded: DatabaseSetup = async () => ({ yaml: "", drop: async () => {} });

let databaseCount = 0;
function postgresIn(cluster: PostgresCluster): DatabaseSetup {
  const signingKey = generateSigningKeyText();
  return async () => {
    const name = `hardening_${++databaseCount}`;
    const admin = connectPostgresUrl(cluster.url, 1);
    await admin.query(sql`create database ${sql.raw(name)}`);
    return {
      yaml: `database:\n  host: ${cluster.directory}\n  user: postgres\n  name: ${name}\nauth:\n  privateKey: "${signingKey}"\n`,
      drop: async () => {
        await admin.query(sql`drop database ${sql.raw(name)} with (force)`);
        await admin.close();
      },
    };
  };
}

const cluster = await startPostgresCluster();
try {
  console.log(`${binary}, ${rounds} rounds, ${seconds} s per throughput run, medians`);
  console.log("| database | variant | migrate (s) | serve until /readyz 200 (s) | /api/info req/s | /api/info CPU µs/req | /readyz req/s | /readyz CPU µs/req | outcome |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const [databaseName, setUp] of [["embedded", embedded], ["PostgreSQL", postgresIn(cluster)]] as const) {
    for (const [name, flags] of Object.entries(variants)) {
      const samples: Sample[] = [];
      for (let round = 0; round < rounds; round++) samples.push(await measureOnce(flags, setUp));
      const column = (key: keyof Omit<Sample, "outcome">, digits: number) => median(samples.map((sample) => sample[key])).toFixed(digits);
      const outcomes = [...new Set(samples.map((sample) => sample.outcome))].join("; ");
      console.log(`| ${databaseName} | ${name} | ${column("migrateSeconds", 2)} | ${column("readySeconds", 2)} | ${column("infoPerSecond", 0)} | ${column("infoCpuMicroseconds", 0)} | ${column("readyzPerSecond", 0)} | ${column("readyzCpuMicroseconds", 0)} | ${outcomes} |`);
    }
  }
} finally {
  await cluster.stop();
}
