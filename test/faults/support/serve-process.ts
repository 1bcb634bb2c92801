import { join, resolve } from "node:path";

const root = resolve(import.meta.dir, "../../..");

export interface ProcessEnd {
  code: number | null;
  signal: string | null;
}

/** A `stashsphere serve` child process started from the source, with its output kept in memory. */
export interface ServeProcess {
  readonly baseUrl: string;
  readonly pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolve once the output contains `text`; reject after `timeoutMs`. */
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Resolve once `/readyz` answers 200; reject after `timeoutMs` or when the process exits. */
  waitUntilReady(timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  /** How the process ended: its exit code, or the signal that ended it. */
  readonly exited: Promise<ProcessEnd>;
}

/** Reserve a free loopback port by binding port 0 and releasing it. */
export async function freePort(): Promise<number> {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = probe.port as number;
  await probe.stop(true);
  return port;
}

/** Start `serve --conf <configFile>`; `port` must match the config's `listenAddress`. */
export function startServe(configFile: string, port: number): ServeProcess {
  const child = Bun.spawn([process.execPath, join(root, "src/main.ts"), "serve", "--conf", configFile], {
    cwd: root,
    stdout: "pipe",
    stderr: "pipe",
  });
  let text = "";
  const decoder = new TextDecoder();
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  };
  const streams = Promise.all([collect(child.stdout), collect(child.stderr)]);
  const exited = child.exited.then(async () => {
    await streams;
    return { code: child.exitCode, signal: child.signalCode === null ? null : String(child.signalCode) };
  });
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    pid: child.pid,
    output: () => text,
    async waitForOutput(expected, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      const found = () => (typeof expected === "string" ? text.includes(expected) : expected.test(text));
      while (!found()) {
        if (Date.now() > deadline) throw new Error(`serve did not print ${expected} within ${timeoutMs} ms; output:\n${text}`);
        await Bun.sleep(50);
      }
    },
    async waitUntilReady(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (hasExited) throw new Error(`serve exited before it was ready; output:\n${text}`);
        try {
          const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
          if (response.ok) return;
        } catch {
          // not listening yet
        }
        await Bun.sleep(50);
      }
      throw new Error(`serve was not ready within ${timeoutMs} ms; output:\n${text}`);
    },
    kill: (signal) => child.kill(signal),
    exited,
  };
}

/** Run another command of the command line (`migrate`, …) from the source and wait for it. */
export async function runStashsphere(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = Bun.spawn([process.execPath, join(root, "src/main.ts"), ...args], { cwd: root, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}
