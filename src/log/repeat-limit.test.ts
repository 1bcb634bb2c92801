import { expect, test } from "bun:test";
import { createLogger } from "./logger.ts";
import { limitRepeats } from "./repeat-limit.ts";

test("repeated warning is logged once per interval with its count", () => {
  const lines: string[] = [];
  const log = createLogger({ format: "json", write: (line) => lines.push(line) });
  let time = 0;
  const outage = limitRepeats(10_000, () => time);

  outage.warn(log, "database unavailable");
  for (time = 1; time < 10_000; time += 1_000) outage.warn(log, "database unavailable");
  time = 10_000;
  outage.warn(log, "database unavailable");

  expect(lines.map((line) => JSON.parse(line).repeatsSinceLastLog)).toEqual([undefined, 10]);
});
