// Measure how fast a command starts and how much memory it takes. It builds nothing: point it
// at the compiled executable (or any command) and a URL that returns 200 once it is ready.
//
//   bun bench/startup.ts [OPTIONS] -- COMMAND [ARG...]
//
//   --url URL        poll URL every 5 ms until it returns 200; without --url, wait for the
//                    command to exit (for commands that do one thing and stop)
//   --runs N         measured runs (default 5); the median of each figure is printed last
//   --fresh          give every run a new empty working directory (a first start); otherwise
//                    one directory is shared and an unmeasured run prepares it (a restart)
//   --idle-ms N      after ready, wait N ms and read the memory again (default 2000)
//   --timeout-ms N   give up on a run after N ms (default 60000)
//   --json FILE      also write every run as JSON to FILE
//
// Each run starts in its own working directory, and "{dir}" in the command's arguments is
// replaced by that directory's path. A relative path to the executable is resolved before the
// change of directory; give every other path (a configuration file) as an absolute path. The
// command must be the server process itself (exec, not a shell that forks it), because the
// memory figures are read from /proc/PID/status of the process started here: VmRSS (resident
// now) and VmHWM (peak resident). "exit peak" is the peak the kernel reports at exit. "CPU ms at
// ready" is the user and system time the process has used by then (threads included, children
// not), which a busy machine inflates far less than the wall time.
import { readFileSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

interface Options {
  url?: string;
  runs: number;
  fresh: boolean;
  idleMs: number;
  timeoutMs: number;
  json?: string;
  command: string[];
}

interface Run {
  readyMs: number;
  readyCpuMs?: number;
  readyRssMiB?: number;
  readyPeakMiB?: number;
  idleRssMiB?: number;
  exitPeakMiB: number;
}

function parseOptions(args: string[]): Options {
  const separator = args.indexOf("--");
  if (separator < 0 || separator === args.length - 1) {
    throw new Error("usage: bun bench/startup.ts [--url URL] [--runs N] [--fresh] [--idle-ms N] [--timeout-ms N] [--json FILE] -- COMMAND [ARG...]");
  }
  const options: Options = { runs: 5, fresh: false, idleMs: 2000, timeoutMs: 60_000, command: args.slice(separator + 1) };
  const flags = args.slice(0, separator);
  for (let index = 0; index < flags.length; index++) {
    const flag = flags[index];
    const value = () => {
      const next = flags[++index];
      if (next === undefined) throw new Error(`${flag} expects a value`);
      return next;
    };
    const count = () => {
      const number = Number(value());
      if (!Number.isInteger(number) || number < 0) throw new Error(`${flag} expects a whole number`);
      return number;
    };
    if (flag === "--url") options.url = value();
    else if (flag === "--runs") options.runs = Math.max(1, count());
    else if (flag === "--fresh") options.fresh = true;
    else if (flag === "--idle-ms") options.idleMs = count();
    else if (flag === "--timeout-ms") options.timeoutMs = count();
    else if (flag === "--json") options.json = value();
    else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

function readCpuMs(pid: number): number | undefined {
  try {
    // utime and stime are fields 14 and 15 of stat(5), counted in ticks of 10 ms. After the
    // command name, they are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function readMemoryMiB(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { rss: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 };
  } catch {
    return undefined;
  }
}

async function answersOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function stop(child: Bun.Subprocess): Promise<void> {
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await child.exited;
  clearTimeout(killer);
}

async function measureRun(options: Options, directory: string): Promise<Run> {
  const command = options.command.map((arg) => arg.replaceAll("{dir}", directory));
  const started = performance.now();
  const child = Bun.spawn(command, { cwd: directory, stdout: "ignore", stderr: "pipe" });
  const stderr = new Response(child.stderr).text();
  const deadline = started + options.timeoutMs;
  const fail = async (reason: string) => {
    if (child.exitCode === null) await stop(child);
    throw new Error(`${reason}; its stderr:\n${(await stderr).slice(-2000)}`);
  };

  if (!options.url) {
    const exitCode = await Promise.race([child.exited, Bun.sleep(options.timeoutMs).then(() => undefined)]);
    if (exitCode === undefined) return fail(`the command did not exit within ${options.timeoutMs} ms`);
    if (exitCode !== 0) return fail(`the command exited with status ${exitCode}`);
    return { readyMs: performance.now() - started, exitPeakMiB: (child.resourceUsage()?.maxRSS ?? NaN) / 1024 / 1024 };
  }

  while (!(await answersOk(options.url))) {
    if (child.exitCode !== null) return fail(`the command exited with status ${child.exitCode} before ${options.url} answered 200`);
    if (performance.now() > deadline) return fail(`${options.url} did not answer 200 within ${options.timeoutMs} ms`);
    await Bun.sleep(5);
  }
  const readyMs = performance.now() - started;
  const readyCpuMs = readCpuMs(child.pid);
  const ready = readMemoryMiB(child.pid);
  await Bun.sleep(options.idleMs);
  const idle = readMemoryMiB(child.pid);
  await stop(child);
  return {
    readyMs,
    readyCpuMs,
    readyRssMiB: ready?.rss,
    readyPeakMiB: ready?.peak,
    idleRssMiB: idle?.rss,
    exitPeakMiB: (child.resourceUsage()?.maxRSS ?? NaN) / 1024 / 1024,
  };
}

function median(values: number[]): number {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function printTable(runs: Run[]): void {
  const columns: [string, (run: Run) => number | undefined][] = [
    ["ready ms", (run) => run.readyMs],
    ["CPU ms at ready", (run) => run.readyCpuMs],
    ["RSS at ready MiB", (run) => run.readyRssMiB],
    ["peak at ready MiB", (run) => run.readyPeakMiB],
    ["idle RSS MiB", (run) => run.idleRssMiB],
    ["exit peak MiB", (run) => run.exitPeakMiB],
  ];
  const cell = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? "-" : value.toFixed(0));
  console.log(["run", ...columns.map(([name]) => name)].join("\t"));
  runs.forEach((run, index) => console.log([index + 1, ...columns.map(([, pick]) => cell(pick(run)))].join("\t")));
  console.log(["median", ...columns.map(([, pick]) => cell(median(runs.map((run) => pick(run) ?? NaN))))].join("\t"));
}

const options = parseOptions(Bun.argv.slice(2));
const executable = options.command[0]!.includes("/") ? resolve(options.command[0]!) : options.command[0]!;
options.command[0] = executable;
const size = await stat(executable).then((info) => info.size, () => undefined);
console.log(`command: ${options.command.join(" ")}`);
if (size !== undefined) console.log(`size of ${executable}: ${(size / 1024 / 1024).toFixed(1)} MiB`);
console.log(`${options.runs} runs, ${options.fresh ? "each in a new empty directory (first start)" : "in one prepared directory (restart)"}`);

const directories: string[] = [];
const newDirectory = async () => {
  const directory = await mkdtemp(join(tmpdir(), "stashsphere-bench-"));
  directories.push(directory);
  return directory;
};
try {
  const shared = options.fresh ? undefined : await newDirectory();
  if (shared) await measureRun(options, shared);
  const runs: Run[] = [];
  for (let index = 0; index < options.runs; index++) {
    runs.push(await measureRun(options, shared ?? (await newDirectory())));
  }
  printTable(runs);
  if (options.json) await Bun.write(options.json, `${JSON.stringify({ command: options.command, size, fresh: options.fresh, runs }, null, 2)}\n`);
} finally {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
}
