// No Docker engine runs where the tests run, so these check what a linter would. They cover the
// Dockerfile's stages, user, entry point and health check, and that every COPY source exists.
// Every command that the image and docker-compose.yml run must be one the CLI accepts.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { generateSigningKeyText } from "../../src/auth/signing-key.ts";
import { loadConfig } from "../../src/config/index.ts";

const root = resolve(import.meta.dir, "../..");
const mainPath = join(root, "src/main.ts");

interface Instruction {
  keyword: string;
  arguments: string;
  stage: number;
}

/** Parse a Dockerfile into instructions, joining continued lines and numbering the stages. */
function parseDockerfile(text: string): Instruction[] {
  const logicalLines: string[] = [];
  let pending = "";
  for (const line of text.split("\n")) {
    if (/^\s*#/.test(line)) continue;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    logicalLines.push(pending + line);
    pending = "";
  }
  const instructions: Instruction[] = [];
  let stage = -1;
  for (const line of logicalLines.map((entry) => entry.trim()).filter(Boolean)) {
    const [keyword = "", ...rest] = line.split(/\s+/);
    if (keyword.toUpperCase() === "FROM") stage += 1;
    instructions.push({ keyword: keyword.toUpperCase(), arguments: rest.join(" "), stage });
  }
  return instructions;
}

const dockerfile = parseDockerfile(await readFile(join(root, "Dockerfile"), "utf8"));
const composeText = await readFile(join(root, "docker-compose.yml"), "utf8");
const finalStage = Math.max(...dockerfile.map((instruction) => instruction.stage));
const inFinalStage = (keyword: string) => dockerfile.filter((instruction) => instruction.keyword === keyword && instruction.stage === finalStage);

/** Returns the argument list of an exec-form (JSON array) instruction, or undefined for shell form. */
function execForm(argumentsText: string): string[] | undefined {
  try {
    const value = JSON.parse(argumentsText);
    return Array.isArray(value) && value.every((item) => typeof item === "string") ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Run the CLI with `args` plus --help: the real parser checks command and options without running them. */
async function acceptedByCli(args: string[]): Promise<{ code: number; stderr: string }> {
  const child = Bun.spawn([process.execPath, mainPath, ...args, "--help"], { stdout: "ignore", stderr: "pipe", env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
  const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
  return { code, stderr };
}

describe("Dockerfile", () => {
  test("builds in one stage and runs in another", () => {
    const stages = dockerfile.filter((instruction) => instruction.keyword === "FROM");
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]?.arguments).toMatch(/ AS build$/i);
  });

  test("base images carry explicit tags, none latest", () => {
    for (const stage of dockerfile.filter((instruction) => instruction.keyword === "FROM")) {
      const image = stage.arguments.split(/\s+/)[0] as string;
      expect({ image, tagged: /:[^/]+$/.test(image) || image.includes("@sha256:") }).toEqual({ image, tagged: true });
      expect(image).not.toMatch(/:latest$/);
    }
  });

  test("runtime stage runs as an unprivileged user", () => {
    const users = inFinalStage("USER");
    expect(users).toHaveLength(1);
    expect(users[0]?.arguments).not.toMatch(/^(root|0)(:|$)/);
  });

  test("entry point and command use exec form and a real command", async () => {
    const entrypoint = execForm(inFinalStage("ENTRYPOINT")[0]?.arguments ?? "");
    const command = execForm(inFinalStage("CMD")[0]?.arguments ?? "");
    expect(entrypoint).toEqual(["stashsphere"]);
    expect(command).toEqual(["serve"]);
    const result = await acceptedByCli(command ?? []);
    expect(result.code, result.stderr).toBe(0);
  });

  test("health check runs the healthcheck command", async () => {
    const healthcheck = inFinalStage("HEALTHCHECK")[0]?.arguments ?? "";
    const command = execForm(healthcheck.slice(healthcheck.indexOf("CMD ") + 4));
    expect(command?.[0]).toBe("stashsphere");
    expect(command?.[1]).toBe("healthcheck");
    const result = await acceptedByCli(command?.slice(1) ?? []);
    expect(result.code, result.stderr).toBe(0);
  });

  test("volume, port and directories match the server's defaults", () => {
    expect(inFinalStage("VOLUME").map((instruction) => instruction.arguments)).toEqual(["/var/lib/stashsphere"]);
    expect(inFinalStage("EXPOSE").map((instruction) => instruction.arguments)).toEqual(["8081"]);
    const environment = inFinalStage("ENV").map((instruction) => instruction.arguments).join(" ");
    expect(environment).toContain("STATE_DIRECTORY=/var/lib/stashsphere");
    expect(environment).toContain("CACHE_DIRECTORY=/var/cache/stashsphere");
  });

  test("every file copied from the context exists and is not ignored", async () => {
    const ignored = (await readFile(join(root, ".dockerignore"), "utf8")).split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("#"));
    const copies = dockerfile.filter((instruction) => instruction.keyword === "COPY" && !instruction.arguments.includes("--from="));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const words = copy.arguments.split(/\s+/).filter((word) => !word.startsWith("--"));
      for (const source of words.slice(0, -1)) {
        expect({ source, exists: existsSync(join(root, source)) }).toEqual({ source, exists: true });
        expect(ignored).not.toContain(source);
      }
    }
  });
});

describe("docker-compose.yml", () => {
  const compose = parseYaml(composeText) as {
    services: Record<string, { image?: string; command?: string[]; healthcheck?: { test: string[] }; depends_on?: Record<string, { condition: string }>; configs?: { source: string }[] }>;
    configs: Record<string, { file?: string; content?: string }>;
    volumes: Record<string, unknown>;
  };

  test("PostgreSQL 16 with a health check and a volume", () => {
    const postgres = compose.services.postgres;
    expect(postgres?.image).toMatch(/^postgres:16[.-]/);
    expect(postgres?.healthcheck?.test).toContain("pg_isready");
    expect(Object.keys(compose.volumes)).toContain("postgres-data");
  });

  test("migrate runs once and serve waits for it", () => {
    expect(compose.services.migrate?.command?.[0]).toBe("migrate");
    expect(compose.services.migrate?.depends_on?.postgres?.condition).toBe("service_healthy");
    expect(compose.services.stashsphere?.command?.[0]).toBe("serve");
    expect(compose.services.stashsphere?.depends_on?.migrate?.condition).toBe("service_completed_successfully");
  });

  test("every command is one the CLI accepts", async () => {
    const commands = [
      compose.services.migrate?.command ?? [],
      compose.services.stashsphere?.command ?? [],
      (compose.services.stashsphere?.healthcheck?.test ?? []).slice(2),
    ];
    for (const command of commands) {
      expect(command.length).toBeGreaterThan(0);
      const result = await acceptedByCli(command);
      expect(result.code, `${command.join(" ")}: ${result.stderr}`).toBe(0);
    }
  });

  test("settings and generated secrets load without warnings", async () => {
    const directory = await mkdtemp(join(tmpdir(), "stashsphere-compose-"));
    // The secrets file as Compose writes it from .env, with sample values.
    const secrets = (compose.configs.secrets?.content ?? "")
      .replace("${POSTGRES_PASSWORD}", "0123abcd")
      .replace(/\$\{STASHSPHERE_PRIVATE_KEY[^}]*\}/, generateSigningKeyText());
    await writeFile(join(directory, "secrets.yaml"), secrets);
    const { config, warnings } = await loadConfig({ files: [join(directory, "secrets.yaml"), join(root, compose.configs.settings?.file ?? "missing")], env: {} });
    expect(warnings).toEqual([]);
    expect(config.database?.host).toBe("postgres");
    expect(config.database?.password).toBe("0123abcd");
    expect(config.auth.privateKey).not.toBe("");
  });

  test("secrets come from .env and settings from the repository", () => {
    expect(compose.configs.secrets?.content).toContain("${POSTGRES_PASSWORD}");
    expect(compose.configs.secrets?.content).toContain("${STASHSPHERE_PRIVATE_KEY");
    expect(existsSync(join(root, compose.configs.settings?.file ?? "missing"))).toBe(true);
    expect(existsSync(join(root, "packaging/docker/example.env"))).toBe(true);
  });
});
