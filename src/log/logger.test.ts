import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { createLogger } from "./logger.ts";

function capture(format: "text" | "json", level: "debug" | "info" = "info") {
  const lines: string[] = [];
  return { lines, log: createLogger({ format, level, write: (line) => lines.push(line) }) };
}

describe("logger", () => {
  test("JSON lines carry time, level, message, bound and own fields", () => {
    const { lines, log } = capture("json");

    log.child({ requestId: "r-1" }).child({ userId: "u-1" }).info("request", { status: 200, userId: "u-2" });

    const entry = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(entry).toEqual({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), level: "info", msg: "request", requestId: "r-1", userId: "u-2", status: 200 });
  });

  test("text lines quote values that are not plain and leave out undefined ones", () => {
    const { lines, log } = capture("text");

    log.warn("request", { path: "/api/things", note: "two words", userId: undefined });

    expect(lines[0]).toMatch(/^\S+Z WARN  request path=\/api\/things note="two words"$/);
  });

  test("errors keep their stack in the log", () => {
    const json = capture("json");
    const text = capture("text");
    const error = new Error("disk on fire");

    json.log.error("unhandled error", { error });
    text.log.error("unhandled error", { error });

    expect(JSON.parse(json.lines[0] as string).error).toMatchObject({ message: "disk on fire", name: "Error", stack: expect.stringContaining("logger.test.ts") });
    expect(text.lines[0]).toContain('error="disk on fire"\nError: disk on fire');
  });

  test("lines below the level are dropped", () => {
    const { lines, log } = capture("text");

    log.debug("noise");
    log.info("signal");

    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("signal");
  });
});

describe("stderr writer", () => {
  test("lines survive an immediate exit, in order", async () => {
    const script = `
      const { createLogger } = await import(${JSON.stringify(join(import.meta.dir, "logger.ts"))});
      const log = createLogger({ format: "json" });
      for (let index = 0; index < 3; index++) log.info("line", { index });
      process.exit(3);
    `;
    const child = Bun.spawn([process.execPath, "-e", script], { stdout: "ignore", stderr: "pipe" });

    const [stderr, code] = await Promise.all([new Response(child.stderr).text(), child.exited]);

    expect(code).toBe(3);
    expect(stderr.trim().split("\n").map((line) => (JSON.parse(line) as { index: number }).index)).toEqual([0, 1, 2]);
  });
});
