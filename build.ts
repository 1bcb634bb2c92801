// Build the single executable: `bun run build.ts [--target=linux-x64|linux-arm64]`.
//
// 1. Bundle the web app (web/build.ts) into dist/web and write src/http/web-assets.generated.ts,
//    which imports every file of dist/web so that the executable embeds it.
// 2. Create the embedded database's data directory template (dist/pgdata-template) when it
//    is missing or was made by another PGlite version.
// 3. Compile src/main.ts with the version and git commit baked in, and print the size.
//
// Cross-compiling needs the target's Bun runtime. Bun fetches it from the npm registry
// (package @oven/bun-linux-aarch64 for linux-arm64) into its install cache; pass
// --executable-path=FILE to use a runtime that is already on disk instead.
import { existsSync } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import packageJson from "./package.json" with { type: "json" };
import { DATA_DIR_TEMPLATE_DIR, findDataDirTemplate } from "./src/db/data-dir-template.ts";
import { writeWebAssetsModule } from "./scripts/build/web-assets-module.ts";

const root = import.meta.dir;
const targets = {
  "linux-x64": { compileTarget: "bun-linux-x64", outfile: "dist/stashsphere" },
  "linux-arm64": { compileTarget: "bun-linux-arm64", outfile: "dist/stashsphere-linux-arm64" },
} as const;
type TargetName = keyof typeof targets;

function parseArguments(args: string[]): { target: TargetName; executablePath?: string } {
  let target: TargetName = "linux-x64";
  let executablePath: string | undefined;
  for (const arg of args) {
    const [name, value] = arg.split("=", 2);
    if (name === "--target" && value && value in targets) {
      target = value as TargetName;
    } else if (name === "--executable-path" && value) {
      executablePath = resolve(value);
    } else {
      throw new Error(`unknown argument ${arg}; expected --target=${Object.keys(targets).join("|")} or --executable-path=FILE`);
    }
  }
  return { target, executablePath };
}

function gitCommit(): string {
  const head = Bun.spawnSync(["git", "rev-parse", "--short=12", "HEAD"], { cwd: root });
  if (head.exitCode !== 0) return "unknown";
  const status = Bun.spawnSync(["git", "status", "--porcelain", "--untracked-files=no"], { cwd: root });
  const dirty = status.exitCode === 0 && status.stdout.toString().trim() !== "";
  return `${head.stdout.toString().trim()}${dirty ? "-dirty" : ""}`;
}

async function buildWebApp(outDir: string): Promise<void> {
  const webBuild = join(root, "web", "build.ts");
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  if (!existsSync(webBuild)) {
    console.log("web: web/build.ts does not exist, so the executable serves no web app");
  } else {
    const { buildWeb } = (await import(webBuild)) as { buildWeb(outDir: string): Promise<void> };
    await buildWeb(outDir);
  }
  const count = await writeWebAssetsModule(outDir, join(root, "src", "http", "web-assets.generated.ts"));
  console.log(`web: ${count} files in ${relative(root, outDir)}`);
}

async function compile(target: TargetName, executablePath: string | undefined): Promise<string> {
  const { compileTarget, outfile } = targets[target];
  const version = packageJson.version;
  const commit = gitCommit();
  const result = await Bun.build({
    entrypoints: [join(root, "src", "main.ts")],
    compile: {
      target: compileTarget,
      outfile: join(root, outfile),
      ...(executablePath ? { executablePath } : {}),
      assets: [DATA_DIR_TEMPLATE_DIR],
      // A server must not pick up a stray .env or bunfig.toml from its working directory.
      autoloadDotenv: false,
      autoloadBunfig: false,
    },
    minify: true,
    // Precompiled bytecode cuts the JavaScript start-up: `version` runs in 0.38 times the wall
    // time and a restart of `migrate` in 0.86 times, for 4.3 MiB more. With top-level await in
    // main.ts, bytecode needs the ESM output format.
    bytecode: true,
    format: "esm",
    sourcemap: "linked",
    define: {
      STASHSPHERE_VERSION: JSON.stringify(version),
      STASHSPHERE_COMMIT: JSON.stringify(commit),
    },
  });
  for (const log of result.logs) console.log(log);
  if (!result.success) throw new Error("bun build --compile failed");
  const { size } = await stat(join(root, outfile));
  console.log(`binary: ${outfile} (${target}), ${(size / 1024 / 1024).toFixed(1)} MiB, stashsphere ${version} (${commit})`);
  return join(root, outfile);
}

const { target, executablePath } = parseArguments(Bun.argv.slice(2));
// Relative asset paths are taken from the working directory.
process.chdir(root);
await buildWebApp(join(root, "dist", "web"));
const template = await findDataDirTemplate();
console.log(
  `database template: ${relative(root, template.archivePath)} (PostgreSQL ${template.manifest.postgresMajorVersion}, PGlite ${template.manifest.pgliteVersion})`,
);
await compile(target, executablePath);
