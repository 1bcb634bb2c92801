/** Counts read from the closing lines of a `bun test` run. */
export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}

function lastCount(output: string, word: string): number | undefined {
  const matches = [...output.matchAll(new RegExp(`^\\s*(\\d+) ${word}$`, "gm"))];
  const last = matches.at(-1);
  return last ? Number(last[1]) : undefined;
}

/**
 * Read the ` N pass` / ` N fail` lines that `bun test` prints at its end. Returns undefined
 * when they are missing, which means the run crashed or was killed before finishing.
 */
export function parseBunSummary(output: string): TestCounts | undefined {
  // ANSI colour codes would break the line anchors; bun adds them only on a terminal.
  const plain = output.replaceAll(/\x1b\[[0-9;]*m/g, "");
  const passed = lastCount(plain, "pass");
  const failed = lastCount(plain, "fail");
  if (passed === undefined || failed === undefined) return undefined;
  return { passed, failed, skipped: (lastCount(plain, "skip") ?? 0) + (lastCount(plain, "todo") ?? 0) };
}
