import { describe, expect, test } from "bun:test";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseSigningKey } from "../auth/signing-key.ts";
import { parseListenAddress } from "./listen-address.ts";

const mainPath = resolve(import.meta.dir, "../main.ts");

async function run(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = Bun.spawn([process.execPath, mainPath, ...args], {
    cwd: cwd ?? (await mkdtemp(join(tmpdir(), "stashsphere-cli-"))),
    stdout: "pipe",
    stderr: "pipe",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmpdir() },
  });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}

describe("stashsphere command line", () => {
  test("no command prints help and exits 0", async () => {
    const result = await run([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: stashsphere COMMAND");
    expect(result.stdout).toContain("serve");
    expect(result.stdout).toContain("genkey");
  });

  test("unknown command exits 2 with a usage hint", async () => {
    const result = await run(["frobnicate"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });

  test("unknown option exits 2", async () => {
    const result = await run(["serve", "--no-such-flag"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option --no-such-flag");
  });

  test("--help on a command lists its options", async () => {
    const result = await run(["serve", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("--conf FILE");
    expect(result.stdout).toContain("--disable-secure-cookies");
  });

  test("genkey prints a key in the original's format", async () => {
    const result = await run(["genkey"]);
    expect(result.code).toBe(0);
    const match = /^Generated Private Key: ([A-Za-z0-9+/]{86})\n$/.exec(result.stdout);
    expect(match).not.toBeNull();
    expect(Buffer.from(match?.[1] as string, "base64")).toHaveLength(64);
    expect(() => parseSigningKey(match?.[1] as string)).not.toThrow();
  });

  test("export-web without a directory is a usage error", async () => {
    const result = await run(["export-web"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("export-web needs exactly one argument");
  });

  test("version prints the version", async () => {
    const result = await run(["version"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^stashsphere \S+ \(\S+\)\n$/);
  });

  test("a bad config value stops serve with one line naming file and key", async () => {
    const directory = await mkdtemp(join(tmpdir(), "stashsphere-cli-"));
    await writeFile(join(directory, "bad.yaml"), "database:\n  port: abc\n");
    const result = await run(["serve", "--conf", "bad.yaml"], directory);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("bad.yaml");
    expect(result.stderr).toContain("database.port");
  });

  test("a missing config file is named", async () => {
    const result = await run(["migrate", "--conf", "missing.yaml"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("missing.yaml");
  });

  test("an invalid private key is refused at start with the reason", async () => {
    const directory = await mkdtemp(join(tmpdir(), "stashsphere-cli-"));
    await writeFile(join(directory, "key.yaml"), "auth:\n  privateKey: c2hvcnQ\nlistenAddress: 127.0.0.1:1\n");
    const result = await run(["serve", "--conf", "key.yaml"], directory);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("auth.privateKey");
  });
});

describe("listen address", () => {
  test("parses the forms the original accepts", () => {
    expect(parseListenAddress(":8081")).toEqual({ hostname: "0.0.0.0", port: 8081 });
    expect(parseListenAddress("127.0.0.1:1323")).toEqual({ hostname: "127.0.0.1", port: 1323 });
    expect(parseListenAddress("[::1]:8081")).toEqual({ hostname: "::1", port: 8081 });
  });

  test("rejects a missing or out-of-range port", () => {
    expect(() => parseListenAddress("localhost")).toThrow("listenAddress");
    expect(() => parseListenAddress(":70000")).toThrow("listenAddress");
  });
});
