import type { FileSink } from "bun";
import { parseBunSummary, type TestCounts } from "./bun-summary.ts";

export interface SuiteResult extends TestCounts {
  name: string;
  seconds: number;
  /** File with the full output; undefined for a suite that did not run. */
  logFile?: string;
  /** Reason the counts differ from what the suite printed (a crash, a time-out), or why it did not run. */
  note?: string;
}

export interface SuiteCommand {
  name: string;
  command: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  logFile: string;
  /** How to count: from bun's closing lines, or one test that passes when the exit code is 0. */
  counting: "bun-summary" | "exit-code";
  timeoutMs: number;
}

let runningChild: Bun.Subprocess | undefined;

/** Stop the suite that is running, if any; for the runner's own signal handlers. */
export function killRunningSuite(): void {
  runningChild?.kill("SIGTERM");
}

// Both of the child's streams go to our stdout: one stream keeps the order of lines when CI
// merges them, and bun test writes its results to stderr anyway.
async function pump(stream: ReadableStream<Uint8Array>, log: FileSink): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream) {
    process.stdout.write(chunk);
    log.write(chunk);
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * Run one suite with its output shown live and copied to `logFile`, then count its tests.
 * A run that ends without bun's summary, or exits non-zero although it reported no failing
 * test (an error outside any test, a crash in teardown), counts as one failure more.
 */
export async function runSuite(suite: SuiteCommand): Promise<SuiteResult> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const log = Bun.file(suite.logFile).writer();
  log.write(`$ ${suite.command.join(" ")}\n`);
  console.log(`\n=== ${suite.name}: ${suite.command.join(" ")}`);

  let child: Bun.Subprocess<"ignore", "pipe", "pipe">;
  try {
    child = Bun.spawn(suite.command, { cwd: suite.cwd, env: suite.env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  } catch (error) {
    const message = `could not start: ${error instanceof Error ? error.message : String(error)}`;
    log.write(`${message}\n`);
    await log.end();
    return { name: suite.name, passed: 0, failed: 1, skipped: 0, seconds: elapsed(), logFile: suite.logFile, note: message };
  }
  runningChild = child;

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  }, suite.timeoutMs);

  const [stdout, stderr, exitCode] = await Promise.all([
    pump(child.stdout, log),
    pump(child.stderr, log),
    child.exited,
  ]);
  clearTimeout(timer);
  runningChild = undefined;
  await log.end();

  const result: SuiteResult = { name: suite.name, passed: 0, failed: 0, skipped: 0, seconds: elapsed(), logFile: suite.logFile };
  if (suite.counting === "exit-code") {
    if (exitCode === 0) result.passed = 1;
    else result.failed = 1;
  } else {
    const counts = parseBunSummary(stdout + stderr);
    if (counts) Object.assign(result, counts);
    if (!counts) {
      result.failed += 1;
      result.note = `no test summary (exit code ${exitCode}), counted as one failure`;
    } else if (exitCode !== 0 && counts.failed === 0) {
      result.failed += 1;
      result.note = `exit code ${exitCode} with no failing test, counted as one failure`;
    }
  }
  if (timedOut) result.note = `stopped after ${Math.round(suite.timeoutMs / 1000)} s; ${result.note ?? "counted as failed"}`;
  if (timedOut && result.failed === 0) result.failed = 1;
  return result;
}
