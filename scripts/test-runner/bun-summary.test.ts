import { expect, test } from "bun:test";
import { parseBunSummary } from "./bun-summary.ts";

test("summary with passes, skips and failures", () => {
  const output = [
    "(pass) a [0.05ms]",
    "(fail) b [0.07ms]",
    "",
    " 12 pass",
    " 1 skip",
    " 2 todo",
    " 3 fail",
    " 20 expect() calls",
    "Ran 18 tests across 4 files. [1.20s]",
  ].join("\n");

  expect(parseBunSummary(output)).toEqual({ passed: 12, failed: 3, skipped: 3 });
});

test("summary in colour", () => {
  const output = "\x1b[0m\x1b[32m 4 pass\x1b[0m\n\x1b[0m\x1b[2m 0 fail\x1b[0m\n";

  expect(parseBunSummary(output)).toEqual({ passed: 4, failed: 0, skipped: 0 });
});

test("test names that look like counts do not count", () => {
  const output = "(pass) returns 5 pass tokens\n\n 1 pass\n 0 fail\n";

  expect(parseBunSummary(output)).toEqual({ passed: 1, failed: 0, skipped: 0 });
});

test("crash before the summary gives no counts", () => {
  expect(parseBunSummary("panic: segmentation fault\n")).toBeUndefined();
});
