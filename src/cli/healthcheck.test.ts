import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readinessUrlFor } from "./healthcheck.ts";

const mainPath = resolve(import.meta.dir, "../main.ts");
let server: ReturnType<typeof Bun.serve>;
let base: string;

async function run(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = Bun.spawn([process.execPath, mainPath, "healthcheck", ...args], {
    cwd: cwd ?? (await mkdtemp(join(tmpdir(), "stashsphere-healthcheck-"))),
    stdout: "pipe",
    stderr: "pipe",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
  });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}

beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request) {
      const path = new URL(request.url).pathname;
      if (path === "/readyz") return Response.json({ status: "ready" });
      if (path === "/slow") return Bun.sleep(3_000).then(() => new Response("late"));
      return Response.json({ status: "not ready", reason: "database unreachable" }, { status: 503 });
    },
  });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(() => server.stop(true));

describe("healthcheck command", () => {
  test("2xx answer exits 0", async () => {
    const result = await run(["--url", `${base}/readyz`]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("200");
  });

  test("503 answer exits 1 with the body", async () => {
    const result = await run(["--url", `${base}/down`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("503");
    expect(result.stderr).toContain("database unreachable");
  });

  test("closed port exits 1", async () => {
    const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
    const closedPort = probe.port;
    await probe.stop(true);
    const result = await run(["--url", `http://127.0.0.1:${closedPort}/readyz`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`127.0.0.1:${closedPort}`);
  });

  test("timeout exits 1 naming the limit", async () => {
    const result = await run(["--url", `${base}/slow`, "--timeout", "0.2"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("timed out after 0.2 s");
  });

  test("without --url requests /readyz at the configured listenAddress", async () => {
    const directory = await mkdtemp(join(tmpdir(), "stashsphere-healthcheck-"));
    await writeFile(join(directory, "settings.yaml"), `listenAddress: "127.0.0.1:${server.port}"\n`);
    const result = await run(["--conf", "settings.yaml"], directory);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${base}/readyz: 200`);
  });

  test("a URL that is not http is a usage error", async () => {
    const result = await run(["--url", "file:///etc/passwd"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--url");
  });
});

describe("readiness URL", () => {
  test("wildcard addresses become loopback", () => {
    expect(readinessUrlFor(":8081")).toBe("http://127.0.0.1:8081/readyz");
    expect(readinessUrlFor("[::]:8081")).toBe("http://[::1]:8081/readyz");
    expect(readinessUrlFor("[::1]:9000")).toBe("http://[::1]:9000/readyz");
    expect(readinessUrlFor("10.0.0.5:80")).toBe("http://10.0.0.5:80/readyz");
  });
});
