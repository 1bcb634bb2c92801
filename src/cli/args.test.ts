import { describe, expect, test } from "bun:test";
import { parseArgs, type OptionSpec } from "./args.ts";

const specs: OptionSpec[] = [
  { name: "yes", short: "y", kind: "switch", description: "" },
  { name: "minutes", short: "m", kind: "value", description: "" },
];

describe("parseArgs", () => {
  test("-- passes an id starting with -", () => {
    const parsed = parseArgs(["-y", "--", "-4Xk2"], specs);
    expect(parsed.positionals).toEqual(["-4Xk2"]);
    expect(parsed.options.yes).toBe(true);
  });

  test("unknown option names the -- escape", () => {
    expect(() => parseArgs(["-4Xk2"], specs)).toThrow("put -- before an argument that starts with -");
  });
});
