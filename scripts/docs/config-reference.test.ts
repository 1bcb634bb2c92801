import { expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { configReference } from "../../src/config/index.ts";
import { configExamples, configReferencePath, renderConfigReference } from "./config-reference.ts";

test("configuration reference matches the schema", async () => {
  const committed = await readFile(configReferencePath, "utf8");
  // On failure: run `bun run scripts/docs/config-reference.ts` and commit docs/configuration.md.
  expect(committed).toBe(renderConfigReference());
});

test("every configuration key has an example", () => {
  const missing = configReference.map((entry) => entry.key).filter((key) => !(key in configExamples));
  expect(missing).toEqual([]);
  const stale = Object.keys(configExamples).filter((key) => !configReference.some((entry) => entry.key === key));
  expect(stale).toEqual([]);
});
