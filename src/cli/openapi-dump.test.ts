import { describe, expect, test } from "bun:test";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createTestApp } from "../testing/app.ts";
import { version } from "../version.ts";

const mainPath = resolve(import.meta.dir, "../main.ts");

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = Bun.spawn([process.execPath, mainPath, "openapi-dump", ...args], {
    cwd: await mkdtemp(join(tmpdir(), "stashsphere-openapi-")),
    stdout: "pipe",
    stderr: "pipe",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmpdir() },
  });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}

describe("stashsphere openapi-dump", () => {
  test("-o FILE writes what /api/openapi.json serves", async () => {
    const t = await createTestApp((config) => {
      config.serveOpenapi = true;
    });
    const served = await (await t.request("GET", "/api/openapi.json")).text();
    const file = join(await mkdtemp(join(tmpdir(), "stashsphere-openapi-")), "doc", "openapi.json");

    const result = await run(["-o", file]);
    expect(result.code).toBe(0);
    expect(t.deps.version).toBe(version);
    expect(await readFile(file, "utf8")).toBe(served);
  });

  test("writes to standard output by default and with -", async () => {
    const byDefault = await run([]);
    const dash = await run(["--output", "-"]);
    expect(byDefault.code).toBe(0);
    expect(dash.code).toBe(0);
    expect(JSON.parse(byDefault.stdout).openapi).toBe("3.1.0");
    expect(dash.stdout).toBe(byDefault.stdout);
  });

  test("an unwritable path fails with exit 1", async () => {
    const result = await run(["-o", "/proc/stashsphere/openapi.json"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("cannot write the OpenAPI document to /proc/stashsphere/openapi.json");
  });
});
