import { expect, test } from "bun:test";
import { join } from "node:path";

async function runWithWatchdog(blockMs: number) {
  const script = `
    const { armStartWatchdog } = await import(${JSON.stringify(join(import.meta.dir, "start-watchdog.ts"))});
    const watchdog = armStartWatchdog(200, "error: start-up blocked");
    const until = Date.now() + ${blockMs};
    while (Date.now() < until) {}
    watchdog.disarm();
    console.log("finished");`;
  const child = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text()]);
  return { exitCode: await child.exited, stdout: stdout.trim(), stderr: stderr.trim() };
}

test("watchdog ends a blocked process", async () => {
  const result = await runWithWatchdog(5_000);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toBe("error: start-up blocked");
  expect(result.stdout).toBe("");
});

test("disarmed watchdog lets the process finish", async () => {
  const result = await runWithWatchdog(0);
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toBe("finished");
  expect(result.stderr).toBe("");
});
