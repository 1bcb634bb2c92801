import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateSigningKeyText } from "../../src/auth/signing-key.ts";
import { startPostgresCluster, type PostgresCluster } from "../../src/testing/postgres-cluster.ts";
import { generateInstance } from "../generate.ts";

const root = resolve(import.meta.dir, "../..");

/** A generated instance on a throwaway PostgreSQL cluster, and `serve` processes on it. */
export interface BenchSite {
  readonly cluster: PostgresCluster;
  readonly instance: Record<string, any>;
  readonly work: string;
  /** Start `serve` (the built executable when there is one) on `port`; resolves when ready. */
  startServe(port: number, options?: ServeOptions): Promise<ServeChild>;
  /** Log in as the generated browsing user through `baseUrl`; returns the Cookie header. */
  login(baseUrl: string): Promise<string>;
  /** The mixed scenario as a wrk request mix, for the browsing user. */
  mixedScenario(baseUrl: string, cookie: string): Promise<{ method: string; path: string; body?: string }[]>;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** Log every request (level info, JSON) to stderr, which goes to this file; warnings only, to the terminal, without. */
  requestLogFile?: string;
  /** `database.maxConnections`, 10 when absent. */
  maxConnections?: number;
  /** Another build of the executable to run, e.g. an earlier version for a before-and-after comparison. */
  executable?: string;
}

export interface ServeChild {
  readonly pid: number;
  readonly baseUrl: string;
  stop(): Promise<void>;
}

/** Which program `serve` runs: the executable from `bun run build.ts`, else the source. */
export function serveCommand(): string[] {
  const binary = join(root, "dist", "stashsphere");
  return existsSync(binary) ? [binary] : [process.execPath, join(root, "src/main.ts")];
}

async function waitForOk(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fetch(url).then((response) => response.ok, () => false)) return;
    await Bun.sleep(50);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s`);
}

/** Start a cluster, generate an instance at `scale` into it and prepare configurations. */
export async function prepareBenchSite(scale: number): Promise<BenchSite> {
  const cluster = await startPostgresCluster();
  const work = await mkdtemp(join(tmpdir(), "stashsphere-bench-site-"));
  const imageDir = join(work, "image_store");
  const instance = (await generateInstance({ url: cluster.url, seed: 42, scale, imageDir })) as Record<string, any>;
  const socketDir = new URL(cluster.url).searchParams.get("host") as string;
  const privateKey = generateSigningKeyText();
  const children: ServeChild[] = [];

  return {
    cluster,
    instance,
    work,
    async startServe(port, options = {}) {
      const config = {
        listenAddress: `127.0.0.1:${port}`,
        database: { host: socketDir, user: "postgres", name: "postgres", maxConnections: options.maxConnections ?? 10 },
        auth: { privateKey, disableSecureCookies: true },
        image: { path: imageDir, cachePath: join(work, `image_cache_${port}`) },
        stateDirectory: join(work, `state_${port}`),
        trustedProxies: ["127.0.0.1"],
        log: options.requestLogFile ? { level: "info", format: "json" } : { level: "warn" },
      };
      const configPath = join(work, `serve-${port}.json`);
      await writeFile(configPath, JSON.stringify(config));
      const child = Bun.spawn([...(options.executable ? [options.executable] : serveCommand()), "serve", "--conf", configPath], {
        cwd: work,
        stdout: "ignore",
        stderr: options.requestLogFile ? Bun.file(options.requestLogFile) : "inherit",
      });
      const baseUrl = `http://127.0.0.1:${port}`;
      await waitForOk(`${baseUrl}/readyz`, 60_000);
      const handle = {
        pid: child.pid,
        baseUrl,
        async stop() {
          child.kill("SIGTERM");
          await child.exited;
        },
      };
      children.push(handle);
      return handle;
    },
    async login(baseUrl) {
      const response = await fetch(`${baseUrl}/api/user/login`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: instance.browseUser.email, password: instance.password }),
      });
      if (!response.ok) throw new Error(`login failed with ${response.status}: ${await response.text()}`);
      return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
    },
    async mixedScenario(baseUrl, cookie) {
      const page = (await (await fetch(`${baseUrl}/api/things?perPage=1`, { headers: { Cookie: cookie } })).json()) as { things: { id: string }[] };
      const thingId = page.things[0]?.id;
      if (!thingId) throw new Error("the browsing user sees no thing; generate at a larger scale");
      const created = JSON.stringify({ name: "bench drill", properties: [{ type: "string", name: "color", value: "red" }], quantity: 1 });
      return [
        { method: "GET", path: "/api/things?page=0&perPage=20" },
        { method: "GET", path: "/api/user/profile" },
        { method: "GET", path: `/api/things/${thingId}` },
        { method: "GET", path: "/api/search?query=drill" },
        { method: "GET", path: "/api/lists?perPage=20" },
        { method: "POST", path: "/api/things", body: created },
        { method: "POST", path: `/api/cart/items/${thingId}` },
        { method: "GET", path: "/api/cart" },
      ];
    },
    async stop() {
      for (const child of children) await child.stop().catch(() => {});
      await cluster.stop();
      await rm(work, { recursive: true, force: true });
    },
  };
}

/** CPU seconds (user + system) a process and its children that were waited for have used. */
export async function cpuSecondsOf(pid: number): Promise<number> {
  try {
    const fields = (await Bun.file(`/proc/${pid}/stat`).text()).split(") ")[1]!.split(" ");
    // utime, stime, cutime, cstime are fields 14 to 17 of stat(5); after the command they start at 11.
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    return ticks / 100;
  } catch {
    return 0;
  }
}

/** Resident set size of a process in bytes, from /proc/<pid>/status. */
export async function residentBytesOf(pid: number): Promise<number> {
  const status = await Bun.file(`/proc/${pid}/status`).text();
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}
