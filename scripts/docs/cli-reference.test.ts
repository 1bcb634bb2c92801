import { expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { cliReferencePath, commandNamesIn, renderCliReference } from "./cli-reference.ts";

test("command-line reference matches the help text", async () => {
  const committed = await readFile(cliReferencePath, "utf8");
  // On failure: run `bun run scripts/docs/cli-reference.ts` and commit docs/cli.md.
  expect(committed).toBe(await renderCliReference());
}, 30_000);

test("command names are read from the general help", () => {
  const help = ["Usage: stashsphere COMMAND", "", "Commands:", "  serve    run", "  export   write", "  help     show help", "", "Run …"].join("\n");
  expect(commandNamesIn(help)).toEqual(["serve", "export"]);
});
