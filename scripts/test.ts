// Run every check the project has: the typecheck, the tests on PostgreSQL, the same tests on
// the embedded PGlite, and the end-to-end tests. Usage:
//
//   npm test                              everything
//   npm test -- --only pg,embedded        some suites (typecheck, pg, embedded, e2e)
//   npm test -- src/things src/lists      only test files whose path contains one of these
//   npm test -- --test-name-pattern=share flags starting with "-" go to `bun test` unchanged
//
// The last line printed is "N passed, N failed"; the exit code is 1 when anything failed.
import { copyFile, mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { findTestFiles } from "./test-runner/find-test-files.ts";
import { killRunningSuite, runSuite, type SuiteResult } from "./test-runner/run-suite.ts";
import { printSummary } from "./test-runner/print-summary.ts";
import { startPostgresCluster, type PostgresCluster } from "../src/testing/postgres-cluster.ts";

const suiteNames = ["typecheck", "pg", "embedded", "e2e"] as const;
type SuiteName = (typeof suiteNames)[number];

// A hung suite must fail on its own rather than run into CI's much longer limit.
const suiteTimeoutMs = 10 * 60_000;
// Bun's default of 5 s per test is too short for a first PGlite start plus migrations on a
// busy two-core machine. Bun 1.4.5 ignores `timeout` in bunfig.toml, so it is a flag here.
const testTimeoutMs = 30_000;

function parseArguments(args: string[]) {
  const only = new Set<SuiteName>();
  const bunFlags: string[] = [];
  const filters: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === "--only" || arg.startsWith("--only=")) {
      const value = arg === "--only" ? args[++index] : arg.slice("--only=".length);
      for (const name of (value ?? "").split(",")) {
        if (!suiteNames.includes(name as SuiteName)) {
          throw new Error(`--only expects a comma-separated list of ${suiteNames.join(", ")}; got ${JSON.stringify(value)}`);
        }
        only.add(name as SuiteName);
      }
    } else if (arg.startsWith("-")) {
      bunFlags.push(arg);
    } else {
      filters.push(arg);
    }
  }
  const selected = (name: SuiteName) => only.size === 0 || only.has(name);
  return { selected, bunFlags, filters };
}

const root = resolve(import.meta.dir, "..");
const artifacts = join(root, "test-artifacts");
const { selected, bunFlags, filters } = (() => {
  try {
    return parseArguments(Bun.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
})();
const files = findTestFiles(root, filters);
await mkdir(artifacts, { recursive: true });

const results: SuiteResult[] = [];
let cluster: PostgresCluster | undefined;

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    killRunningSuite();
    void (cluster?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

const inheritedEnv = { ...process.env, STASHSPHERE_TEST_DB: undefined, STASHSPHERE_TEST_DATABASE_URL: undefined };
const bunTest = (paths: string[]) => [process.execPath, "test", `--timeout=${testTimeoutMs}`, ...bunFlags, ...paths.map((path) => `./${path}`)];
const suite = (name: string, command: string[], env: Record<string, string | undefined>, counting: "bun-summary" | "exit-code" = "bun-summary") =>
  runSuite({ name, command, env, counting, cwd: root, logFile: join(artifacts, `${name}.log`), timeoutMs: suiteTimeoutMs });
const notRun = (name: string, note: string, failed = 0): SuiteResult => ({ name, passed: 0, failed, skipped: 0, seconds: 0, note });

if (selected("typecheck")) {
  results.push(await suite("typecheck", [join(root, "node_modules/.bin/tsc"), "--noEmit", "-p", "."], inheritedEnv, "exit-code"));
}

// One server for the PostgreSQL and end-to-end suites; each test process makes its own database on it.
let serverUrl = process.env.STASHSPHERE_TEST_DATABASE_URL;
let serverProblem: string | undefined;
const needsServer = (selected("pg") && files.database.length > 0) || (selected("e2e") && files.e2e.length > 0);
if (needsServer && !serverUrl) {
  try {
    cluster = await startPostgresCluster();
    serverUrl = cluster.url;
    console.log(`PostgreSQL for the tests: throwaway cluster in ${cluster.directory}`);
  } catch (error) {
    serverProblem = error instanceof Error ? error.message : String(error);
    console.error(`could not start PostgreSQL: ${serverProblem}`);
  }
}

try {
  if (selected("pg")) {
    if (files.database.length === 0) results.push(notRun("postgres", "no test files"));
    else if (!serverUrl) results.push(notRun("postgres", `no PostgreSQL: ${serverProblem?.split("\n")[0]}`, 1));
    else results.push(await suite("postgres", bunTest(files.database), { ...inheritedEnv, STASHSPHERE_TEST_DB: "postgres", STASHSPHERE_TEST_DATABASE_URL: serverUrl }));
  }
  if (selected("embedded")) {
    if (files.database.length === 0) results.push(notRun("embedded", "no test files"));
    else results.push(await suite("embedded", bunTest(files.database), { ...inheritedEnv, STASHSPHERE_TEST_DB: "embedded" }));
  }
  if (selected("e2e")) {
    if (files.e2e.length === 0) results.push(notRun("e2e", "no *.e2e.test.ts files"));
    else results.push(await suite("e2e", bunTest(files.e2e), { ...inheritedEnv, STASHSPHERE_TEST_DATABASE_URL: serverUrl }));
  }
} finally {
  if (cluster) {
    await copyFile(cluster.logFile, join(artifacts, "postgres-server.log")).catch(() => {});
    await cluster.stop();
  }
}

const fileSuitesSelected = selected("pg") || selected("embedded") || selected("e2e");
if (filters.length > 0 && fileSuitesSelected && files.database.length + files.e2e.length === 0) {
  results.push(notRun("filter", `no test file path contains ${filters.map((filter) => JSON.stringify(filter)).join(" or ")}`, 1));
}

const failed = printSummary(results, root);
process.exit(failed > 0 ? 1 : 0);
