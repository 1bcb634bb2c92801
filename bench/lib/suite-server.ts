import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { generateSigningKeyText } from "../../src/auth/signing-key.ts";

const root = resolve(import.meta.dir, "../..");

/** Return the program for `serve` and `migrate`: the executable from `bun run build.ts`, else the source. */
export function stashsphereCommand(): string[] {
  const binary = join(root, "dist", "stashsphere");
  return existsSync(binary) ? [binary] : [process.execPath, join(root, "src/main.ts")];
}

/** Build the `database` section of a configuration file from a postgres:// URL as postgres.js reads it. */
export function databaseSectionOf(databaseUrl: string): Record<string, unknown> {
  const url = new URL(databaseUrl);
  const socketDirectory = url.searchParams.get("host");
  return {
    host: socketDirectory ?? url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    user: decodeURIComponent(url.username) || "postgres",
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    name: url.pathname.slice(1) || "postgres",
    maxConnections: 10,
  };
}

/**
 * Return a TCP port on 127.0.0.1 that nothing listened on a moment ago. Fixed ports would
 * collide with another benchmark running on the same machine.
 */
export function freePort(): number {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = probe.port as number;
  probe.stop(true);
  return port;
}

export async function waitForOk(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fetch(url).then((response) => response.ok, () => false)) return;
    await Bun.sleep(50);
  }
  throw new Error(`${url} did not respond with 200 within ${timeoutMs / 1000} s`);
}

export interface ServeOptions {
  databaseUrl: string;
  imageDir: string;
  /** Directory for the configuration file, the thumbnail cache and the state directory. */
  work: string;
  /** The server's log (it writes to stderr). */
  logFile: string;
  port: number;
}

/**
 * Run `migrate` on the database (new migrations may have arrived since it was generated),
 * then start `serve` on it; resolves when /readyz responds with 200. Returns a function that stops it.
 */
export async function startServe(options: ServeOptions): Promise<() => Promise<void>> {
  const config = {
    listenAddress: `127.0.0.1:${options.port}`,
    database: databaseSectionOf(options.databaseUrl),
    auth: { privateKey: generateSigningKeyText(), disableSecureCookies: true },
    image: { path: options.imageDir, cachePath: join(options.work, "image_cache") },
    stateDirectory: join(options.work, "state"),
    // wrk plays a reverse proxy for many clients: logins come from many addresses.
    trustedProxies: ["127.0.0.1"],
    log: { level: "info", format: "json" },
  };
  const configPath = join(options.work, "bench.json");
  await writeFile(configPath, JSON.stringify(config));
  const migrate = Bun.spawn([...stashsphereCommand(), "migrate", "--conf", configPath], { cwd: root, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(migrate.stdout).text(), new Response(migrate.stderr).text(), migrate.exited]);
  if (code !== 0) throw new Error(`stashsphere migrate failed with exit code ${code}:\n${out}${err}`);
  console.log(out.trim());

  const server = Bun.spawn([...stashsphereCommand(), "serve", "--conf", configPath], { cwd: root, stdout: "ignore", stderr: Bun.file(options.logFile) });
  await waitForOk(`http://127.0.0.1:${options.port}/readyz`, 60_000);
  return async () => {
    server.kill("SIGTERM");
    await server.exited;
  };
}
