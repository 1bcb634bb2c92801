// Builds the executable with build.ts, copies it alone into an empty directory and runs it
// there with an empty environment, as an operator would after downloading it.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const repositoryRoot = join(import.meta.dir, "..", "..");
const emptyEnvironment = { PATH: "/usr/bin:/bin" };
let directory: string;

function runBinary(...args: string[]) {
  const result = Bun.spawnSync(["./stashsphere", ...args], { cwd: directory, env: emptyEnvironment });
  return { exitCode: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

function freeLoopbackPort(): number {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = probe.port!;
  probe.stop(true);
  return port;
}

async function waitUntilReady(url: string, server: Bun.Subprocess): Promise<void> {
  for (;;) {
    if (server.exitCode !== null) throw new Error(`serve exited with status ${server.exitCode} before ${url} answered`);
    const status = await fetch(url).then((response) => response.status, () => 0);
    if (status === 200) return;
    await Bun.sleep(50);
  }
}

beforeAll(() => {
  const build = Bun.spawnSync([process.execPath, "run", "build.ts"], { cwd: repositoryRoot });
  if (build.exitCode !== 0) throw new Error(`bun run build.ts failed:\n${build.stdout}\n${build.stderr}`);
  directory = mkdtempSync(join(tmpdir(), "stashsphere-binary-test-"));
  copyFileSync(join(repositoryRoot, "dist", "stashsphere"), join(directory, "stashsphere"));
  chmodSync(join(directory, "stashsphere"), 0o755);
}, 180_000);

afterAll(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
});

test("binary prints its version and commit", () => {
  const result = runBinary("version");
  expect(result.exitCode, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/^stashsphere \d+\.\d+\.\d+ \(([0-9a-f]{12}(-dirty)?|unknown)\)\n$/);
});

test("binary creates and migrates the embedded database", () => {
  // The migrations create pg_trgm and unaccent, so this also loads both extensions.
  const first = runBinary("migrate");
  expect(first.exitCode, first.stderr).toBe(0);
  expect(first.stdout).toContain("migration(s) applied");
  expect(existsSync(join(directory, "stashsphere-data", "database", "PG_VERSION"))).toBe(true);

  const second = runBinary("migrate");
  expect(second.exitCode, second.stderr).toBe(0);
  expect(second.stdout).toBe("database schema is up to date; nothing to apply\n");
});

test("second process on one database is rejected", async () => {
  const port = freeLoopbackPort();
  const config = join(directory, "loopback.yaml");
  writeFileSync(config, `listenAddress: 127.0.0.1:${port}\n`);
  const server = Bun.spawn(["./stashsphere", "serve", "--conf", config], {
    cwd: directory,
    env: emptyEnvironment,
    stdout: "ignore",
    stderr: "ignore",
  });
  try {
    await waitUntilReady(`http://127.0.0.1:${port}/readyz`, server);
    const second = runBinary("migrate");
    expect(second.exitCode).toBe(1);
    expect(second.stderr).toContain(`is in use by another process (PID ${server.pid})`);
  } finally {
    server.kill("SIGTERM");
    await server.exited;
  }
});
