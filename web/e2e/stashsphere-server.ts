import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const repoRoot = join(import.meta.dir, "..", "..");

export interface RunningServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Why the real server cannot run in this checkout, or undefined when it can. The end-to-end
 * tests skip with this reason instead of testing a stand-in.
 */
export function serverUnavailableReason(): string | undefined {
  if (process.env.STASHSPHERE_E2E_URL) return undefined;
  for (const file of ["src/main.ts", "src/config/index.ts", "src/db/migrate.ts"]) {
    if (!existsSync(join(repoRoot, file))) return `${file} is missing, so \`stashsphere serve\` cannot start`;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = probe.port!;
  await probe.stop(true);
  return port;
}

let compiledBinary: Promise<string> | undefined;

/** Build `dist/stashsphere` with build.ts, once per test process, and return its path. */
function buildBinaryOnce(): Promise<string> {
  compiledBinary ??= (async () => {
    const build = Bun.spawn([process.execPath, "run", "build.ts"], { cwd: repoRoot, stdout: "pipe", stderr: "pipe" });
    if ((await build.exited) !== 0) throw new Error(`bun run build.ts failed:\n${await new Response(build.stdout).text()}\n${await new Response(build.stderr).text()}`);
    return join(repoRoot, "dist", "stashsphere");
  })();
  return compiledBinary;
}

/**
 * Start `stashsphere serve` on loopback with the embedded database in a fresh state
 * directory, invites on and one OIDC provider configured (never contacted: the tests only
 * render its login button). `compiled` runs the binary that build.ts makes instead of the
 * sources. Session cookies are sent without `Secure` unless `secureCookies` is set, because the
 * tests speak plain HTTP. With `STASHSPHERE_E2E_URL` set, use that already running server instead.
 */
export async function startServer(options: { compiled?: boolean; secureCookies?: boolean } = {}): Promise<RunningServer> {
  if (process.env.STASHSPHERE_E2E_URL) return { baseUrl: process.env.STASHSPHERE_E2E_URL.replace(/\/+$/, ""), stop: async () => undefined };
  const stateDirectory = await mkdtemp(join(tmpdir(), "stashsphere-e2e-"));
  const port = await freePort();
  const configPath = join(stateDirectory, "config.yaml");
  await writeFile(
    configPath,
    [
      `listenAddress: "127.0.0.1:${port}"`,
      `stateDirectory: "${stateDirectory}"`,
      "invites:",
      "  enabled: true",
      '  code: "e2e-invite"',
      "auth:",
      "  oidc:",
      "    enabled: true",
      "    providers:",
      '      - name: "dex"',
      '        display_name: "Dex"',
      '        issuer_url: "http://127.0.0.1:9/dex"',
      '        client_id: "stashsphere"',
      '        client_secret: "e2e-secret"',
      "",
    ].join("\n"),
  );
  const program = options.compiled ? [await buildBinaryOnce()] : [process.execPath, "src/main.ts"];
  const child = Bun.spawn([...program, "serve", "--conf", configPath, ...(options.secureCookies ? [] : ["--disable-secure-cookies"])], { cwd: repoRoot, stdout: "pipe", stderr: "pipe" });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`stashsphere serve exited with ${child.exitCode}: ${await new Response(child.stderr).text()}`);
    const ready = await fetch(`${baseUrl}/healthz`).then((response) => response.ok, () => false);
    if (ready) break;
    await Bun.sleep(100);
  }
  return {
    baseUrl,
    async stop() {
      child.kill("SIGTERM");
      await child.exited;
      await rm(stateDirectory, { recursive: true, force: true });
    },
  };
}
