import { relative } from "node:path";
import type { SuiteResult } from "./run-suite.ts";

/**
 * Print one row per suite and then the closing line `N passed, N failed`, which CI reads,
 * so nothing may be printed after it. Returns the number of failures.
 */
export function printSummary(results: SuiteResult[], root: string): number {
  const header = ["suite", "passed", "failed", "skipped", "seconds", "log / note"];
  const rows = results.map((result) => [
    result.name,
    ...(result.logFile
      ? [String(result.passed), String(result.failed), String(result.skipped), result.seconds.toFixed(1)]
      : ["-", String(result.failed || "-"), "-", "-"]),
    [result.logFile && relative(root, result.logFile), result.note].filter(Boolean).join("  "),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const format = (row: string[]) =>
    row.map((cell, column) => (column === 0 || column === row.length - 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ").trimEnd();

  const passed = results.reduce((sum, result) => sum + result.passed, 0);
  const failed = results.reduce((sum, result) => sum + result.failed, 0);
  console.log(`\n${format(header)}`);
  for (const row of rows) console.log(format(row));
  console.log(`\n${passed} passed, ${failed} failed`);
  return failed;
}
