import { expect, test } from "bun:test";
import { splitConfFlags } from "./split-conf-flags.ts";

test("repeated flags keep their order", () => {
  expect(splitConfFlags(["secrets.yaml", "settings.yaml"])).toEqual(["secrets.yaml", "settings.yaml"]);
});

test("comma-separated values are split and trimmed", () => {
  expect(splitConfFlags(["a.yaml, b.yaml", "c.json"])).toEqual(["a.yaml", "b.yaml", "c.json"]);
});

test("blank entries are skipped", () => {
  expect(splitConfFlags(["a.yaml,", " ", ",b.yaml"])).toEqual(["a.yaml", "b.yaml"]);
});

test("no flags give no files", () => {
  expect(splitConfFlags([])).toEqual([]);
});
