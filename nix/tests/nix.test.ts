// Checks the Nix files with the Nix that Debian packages (nix-bin, Nix 2.8). Every file must
// parse. Evaluated against the stubs in eval.nix, the module, package and overlay must produce
// a service that systemd accepts and that runs migrate and serve with options our CLI accepts.
// Without nix-instantiate every test passes with a warning; run them after
// `apt-get install nix-bin`.
import { beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const nixDirectory = resolve(import.meta.dir, "..");
const mainPath = resolve(nixDirectory, "../src/main.ts");
const nixInstantiate = Bun.which("nix-instantiate");
const skipMessage = "skipped: nix-instantiate is not installed (Debian package nix-bin)";

interface ServiceDescription {
  ExecStart: string;
  ExecStartPre: string;
  LoadCredential: string[];
  after: string[];
  requires: string[];
  wantedBy: string[];
  serviceConfig: Record<string, string | number | boolean | string[]>;
  settings: Record<string, unknown>;
  postgresql: { enable: boolean; ensureDatabases: string[]; ensureUsers: { name: string; ensureDBOwnership: boolean }[] } | null;
  assertions: { assertion: boolean; message: string }[];
}

interface Evaluation {
  embedded: ServiceDescription;
  localPostgresql: ServiceDescription;
  listenAddressInSettings: ServiceDescription["assertions"];
  disabled: null;
  package: { installPhase: string; installCheckPhase: string; dontStrip: boolean; dontPatchELF: boolean; mainProgram: string; platforms: string[] };
  overlay: { x86_64: { executable: string }; aarch64: { executable: string } };
}

let evaluation: Evaluation;

beforeAll(() => {
  if (!nixInstantiate) return;
  const result = Bun.spawnSync([nixInstantiate, "--eval", "--strict", "--json", "--read-write-mode", join(nixDirectory, "tests/eval.nix")], { stderr: "pipe" });
  if (result.exitCode !== 0) throw new Error(`nix-instantiate failed:\n${result.stderr}`);
  evaluation = JSON.parse(result.stdout.toString());
});

/** Render a service the way NixOS writes a unit: lists as repeated lines, booleans as true/false. */
function unitText(service: ServiceDescription, binary: string): string {
  const lines = ["[Unit]", `After=${service.after.join(" ")}`, "[Service]"];
  const settings = { ...service.serviceConfig, ExecStartPre: service.ExecStartPre, ExecStart: service.ExecStart };
  for (const [key, value] of Object.entries(settings)) {
    for (const item of Array.isArray(value) ? value : [value]) lines.push(`${key}=${String(item)}`);
  }
  lines.push("[Install]", `WantedBy=${service.wantedBy.join(" ")}`);
  return `${lines.join("\n").replaceAll(/\/nix\/store\/[^/ ]+-stashsphere-[^/ ]+\/bin\/stashsphere/g, binary)}\n`;
}

function cliArguments(execLine: string): string[] {
  return execLine.split(" ").slice(1);
}

async function runCli(args: string[]): Promise<{ code: number; stderr: string }> {
  const child = Bun.spawn([process.execPath, mainPath, ...args], { stdout: "ignore", stderr: "pipe", env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
  const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
  return { code, stderr };
}

describe("Nix files", () => {
  test("every file parses", () => {
    if (!nixInstantiate) return console.warn(skipMessage);
    for (const file of ["package.nix", "overlay.nix", "module.nix", "tests/stub-lib.nix", "tests/eval.nix"]) {
      const result = Bun.spawnSync([nixInstantiate, "--parse", join(nixDirectory, file)], { stdout: "ignore", stderr: "pipe" });
      expect(result.exitCode, `${file}: ${result.stderr}`).toBe(0);
    }
  });

  test("service runs migrate then serve with settings last", () => {
    if (!nixInstantiate) return console.warn(skipMessage);
    const { ExecStartPre, ExecStart } = evaluation.localPostgresql;
    expect(ExecStartPre).toMatch(/\/bin\/stashsphere migrate /);
    expect(ExecStart).toMatch(/\/bin\/stashsphere serve /);
    const confFiles = cliArguments(ExecStart).filter((_word, index, words) => words[index - 1] === "--conf");
    expect(confFiles).toHaveLength(3);
    expect(confFiles.slice(0, 2)).toEqual(["%d/config-0.yaml", "%d/config-1.yaml"]);
    expect(confFiles[2]).toMatch(/^\/nix\/store\/.+-stashsphere-settings\.json$/);
    expect(evaluation.localPostgresql.LoadCredential).toEqual(["config-0.yaml:/run/secrets/stashsphere.yaml", "config-1.yaml:/etc/stashsphere/extra.yaml"]);
  });

  test.each(["ExecStartPre", "ExecStart"] as const)("%s options are accepted by the CLI", async (key) => {
    if (!nixInstantiate) return console.warn(skipMessage);
    const result = await runCli([...cliArguments(evaluation.localPostgresql[key]), "--help"]);
    expect(result.code, result.stderr).toBe(0);
  });

  test("listenAddress goes into the settings file", () => {
    if (!nixInstantiate) return console.warn(skipMessage);
    expect(evaluation.embedded.settings).toEqual({ instanceName: "Stash of the Smiths", listenAddress: "127.0.0.1:8081" });
    expect(evaluation.localPostgresql.settings.listenAddress).toBe("[::1]:9000");
    expect(evaluation.listenAddressInSettings.map((entry) => entry.assertion)).toEqual([false]);
  });

  test("local PostgreSQL: role, database, ordering and socket", () => {
    if (!nixInstantiate) return console.warn(skipMessage);
    const service = evaluation.localPostgresql;
    expect(service.postgresql).toEqual({ enable: true, ensureDatabases: ["stashsphere"], ensureUsers: [{ name: "stashsphere", ensureDBOwnership: true }] });
    expect(service.after).toContain("postgresql.service");
    expect(service.requires).toEqual(["postgresql.service"]);
    expect(service.settings.database).toEqual({ host: "/run/postgresql", user: "stashsphere", name: "stashsphere", maxConnections: 20 });
    expect(service.serviceConfig.User).toBe("stashsphere");
  });

  test("embedded database needs no PostgreSQL", () => {
    if (!nixInstantiate) return console.warn(skipMessage);
    expect(evaluation.embedded.postgresql).toBeNull();
    expect(evaluation.embedded.after).toEqual(["network-online.target"]);
    expect(evaluation.embedded.settings.database).toBeUndefined();
    expect(evaluation.disabled).toBeNull();
  });

  test("hardening matches the shipped unit", () => {
    if (!nixInstantiate) return console.warn(skipMessage);
    const config = evaluation.embedded.serviceConfig;
    for (const key of ["DynamicUser", "NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices"]) expect({ key, value: config[key] }).toEqual({ key, value: true });
    expect(config.ProtectSystem).toBe("strict");
    expect(config.StateDirectory).toBe("stashsphere");
    expect(config.CacheDirectory).toBe("stashsphere");
    expect(config.SystemCallFilter).toContain("@system-service");
    expect(config.RestrictAddressFamilies).toEqual(["AF_INET", "AF_INET6", "AF_UNIX"]);
    expect(config.MemoryDenyWriteExecute).toBeUndefined();
  });

  test("systemd-analyze verify accepts the generated unit", async () => {
    if (!nixInstantiate) return console.warn(skipMessage);
    const analyze = Bun.which("systemd-analyze");
    if (!analyze) return console.warn("skipped: systemd-analyze is not installed");
    const directory = await mkdtemp(join(tmpdir(), "stashsphere-nix-unit-"));
    for (const [name, service] of Object.entries({ embedded: evaluation.embedded, postgresql: evaluation.localPostgresql })) {
      const unit = join(directory, `stashsphere-${name}.service`);
      await writeFile(unit, unitText(service, process.execPath));
      const result = Bun.spawnSync([analyze, "verify", "--man=no", unit], { stdout: "pipe", stderr: "pipe" });
      // The settings file exists only in a real build; everything else must be clean.
      const problems = result.stderr.toString().split("\n").filter((line) => line.trim() && !line.includes("stashsphere-settings.json"));
      expect(problems).toEqual([]);
    }
  });

  test("package rewrites only the interpreter and checks the result runs", () => {
    if (!nixInstantiate) return console.warn(skipMessage);
    const { installPhase, installCheckPhase, dontStrip, dontPatchELF, mainProgram } = evaluation.package;
    expect(installPhase).toContain("patchelf --set-interpreter");
    expect(installPhase).not.toContain("--set-rpath");
    expect(dontStrip).toBe(true);
    expect(dontPatchELF).toBe(true);
    expect(installCheckPhase).toContain('"$out/bin/stashsphere" version');
    expect(mainProgram).toBe("stashsphere");
  });

  test("overlay picks the executable of the platform", () => {
    if (!nixInstantiate) return console.warn(skipMessage);
    expect(evaluation.overlay.x86_64.executable).toMatch(/\/dist\/stashsphere$/);
    expect(evaluation.overlay.aarch64.executable).toMatch(/\/dist\/stashsphere-linux-arm64$/);
  });
});
