// Keeps the shipped unit in step with the command line: every Exec line must name a command
// and options that `stashsphere` accepts, and systemd must accept every directive.
import { describe, expect, test } from "bun:test";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const unitPath = join(import.meta.dir, "stashsphere.service");
const mainPath = resolve(import.meta.dir, "../../src/main.ts");
const installedBinary = "/usr/local/bin/stashsphere";

type Unit = Map<string, Map<string, string[]>>;

/** Parse a unit file into section → key → values (a key may repeat). */
function parseUnit(text: string): Unit {
  const unit: Unit = new Map();
  let section: Map<string, string[]> | undefined;
  for (const rawLine of text.split("\n")) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = new Map();
      unit.set(header[1] as string, section);
      continue;
    }
    const separator = line.indexOf("=");
    if (!section || separator < 0) throw new Error(`unexpected line in ${unitPath}: ${line}`);
    const key = line.slice(0, separator);
    section.set(key, [...(section.get(key) ?? []), line.slice(separator + 1)]);
  }
  return unit;
}

const unit = parseUnit(await readFile(unitPath, "utf8"));
const service = unit.get("Service") as Map<string, string[]>;

function single(key: string): string | undefined {
  const values = service.get(key);
  return values?.length === 1 ? values[0] : undefined;
}

/** Credentials directory that replaces systemd's %d specifier in this test. */
const credentialsDirectory = "/run/credentials/stashsphere.service";

function argvOf(execLine: string): string[] {
  return execLine.split(/\s+/).map((word) => word.replaceAll("%d", credentialsDirectory));
}

async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = Bun.spawn([process.execPath, mainPath, ...args], { stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}

describe("systemd unit", () => {
  test.each([
    ["ExecStartPre", "migrate"],
    ["ExecStart", "serve"],
  ])("%s runs %s with options the command accepts", async (key, command) => {
    const argv = argvOf(single(key) ?? "");
    expect(argv[0]).toBe(installedBinary);
    expect(argv[1]).toBe(command);
    // --help after the unit's options makes the real parser check them without running the command.
    const result = await runCli([...argv.slice(1), "--help"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Usage: stashsphere ${command}`);
  });

  test("secrets come from the credential and settings win", () => {
    expect(single("LoadCredential")).toBe("secrets.yaml:/etc/stashsphere/secrets.yaml");
    for (const key of ["ExecStartPre", "ExecStart"]) {
      const argv = argvOf(single(key) ?? "");
      const confFiles = argv.flatMap((word, index) => (argv[index - 1] === "--conf" ? [word] : []));
      expect(confFiles).toEqual([`${credentialsDirectory}/secrets.yaml`, "/etc/stashsphere/settings.yaml"]);
    }
  });

  test("hardening lines are present", () => {
    const expected: Record<string, string> = {
      DynamicUser: "yes",
      StateDirectory: "stashsphere",
      CacheDirectory: "stashsphere",
      RuntimeDirectory: "stashsphere",
      ProtectSystem: "strict",
      ProtectHome: "yes",
      PrivateTmp: "yes",
      PrivateDevices: "yes",
      NoNewPrivileges: "yes",
      RestrictAddressFamilies: "AF_INET AF_INET6 AF_UNIX",
      Restart: "on-failure",
      TimeoutStopSec: "15",
    };
    for (const [key, value] of Object.entries(expected)) expect({ key, value: single(key) }).toEqual({ key, value });
    expect(service.get("SystemCallFilter")).toContain("@system-service");
  });

  test("MemoryDenyWriteExecute stays out", () => {
    // Bun's JIT and bun:ffi need writable executable memory; the comment in the unit gives the numbers.
    expect(service.has("MemoryDenyWriteExecute")).toBe(false);
  });

  test("systemd-analyze verify accepts every line", async () => {
    const analyze = Bun.which("systemd-analyze");
    if (!analyze) {
      console.warn("skipped: systemd-analyze is not installed (Debian package systemd)");
      return;
    }
    // verify insists that the executable exists, so the copy names one that does.
    const directory = await mkdtemp(join(tmpdir(), "stashsphere-unit-"));
    const copy = join(directory, "stashsphere.service");
    await writeFile(copy, (await readFile(unitPath, "utf8")).replaceAll(installedBinary, process.execPath));
    const result = Bun.spawnSync([analyze, "verify", "--man=no", copy], { stderr: "pipe", stdout: "pipe" });
    expect(result.stderr.toString()).toBe("");
    expect(result.exitCode).toBe(0);
  });
});
