import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  requests: number;
}

export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
  threads?: number;
  /** How long wrk waits for a response before counting a timeout error; wrk's default is 2 s. */
  timeoutSeconds?: number;
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  /**
   * Send these requests instead of `method`/`body` to `url`'s path, each `weight` times (default
   * 1) per round, interleaved. Paths only; every one goes to `url`'s host. A body is sent as JSON.
   */
  mix?: MixEntry[];
  /**
   * Replace `{n}` in paths and bodies by a counter that goes round 0 … vary-1. The counter
   * starts at a value taken from the clock, so runs in a row use different values. Every
   * request also gets its own address in `X-Forwarded-For`, as many clients behind one trusted
   * proxy would.
   */
  vary?: number;
}

export interface MixEntry {
  method: string;
  path: string;
  body?: string;
  weight?: number;
}

/**
 * Repeat the entries by weight in an interleaved order (smooth weighted round robin), so a
 * short run sends the same proportions as a long one.
 */
export function interleaveByWeight(entries: MixEntry[]): MixEntry[] {
  const weights = entries.map((entry) => entry.weight ?? 1);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const current = weights.map(() => 0);
  const order: MixEntry[] = [];
  for (let turn = 0; turn < total; turn++) {
    let best = 0;
    for (let index = 0; index < entries.length; index++) {
      current[index] = (current[index] as number) + (weights[index] as number);
      if ((current[index] as number) > (current[best] as number)) best = index;
    }
    current[best] = (current[best] as number) - total;
    order.push(entries[best] as MixEntry);
  }
  return order;
}

// wrk prints p50/p75/p90/p99 only; this script adds the p95 the targets are stated in, and
// counts non-2xx/3xx answers as errors together with socket errors.
const reportScript = `
wrk.method = os.getenv("WRK_METHOD") or "GET"
local body = os.getenv("WRK_BODY")
if body and body ~= "" then wrk.body = body end
local mix = {}
for line in (os.getenv("WRK_MIX") or ""):gmatch("[^\\n]+") do
  local method, path, payload = line:match("^(%S+)\\t(%S+)\\t?(.*)$")
  table.insert(mix, { method = method, path = path, body = payload })
end
local vary = tonumber(os.getenv("WRK_VARY") or "0") or 0
local turn = 0
local counter = os.time() % 1000000
if vary > 0 and #mix == 0 then
  table.insert(mix, { method = wrk.method, path = wrk.path, body = wrk.body or "" })
end
-- Each thread counts from its own offset, so two threads do not send the same values.
local threads = 0
setup = function(thread)
  thread:set("offset", threads * 100000)
  threads = threads + 1
end
init = function()
  counter = counter + (offset or 0)
end
local function expand(text)
  if vary == 0 then return text end
  return (text:gsub("{n}", tostring(counter % vary)))
end
if #mix > 0 then
  request = function()
    turn = turn % #mix + 1
    counter = counter + 1
    local item = mix[turn]
    if item.body ~= "" or vary > 0 then
      -- wrk.format replaces wrk.headers (the -H options) when given headers, so copy them.
      local headers = {}
      for name, value in pairs(wrk.headers) do headers[name] = value end
      if item.body ~= "" then headers["Content-Type"] = "application/json" end
      if vary > 0 then
        headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(counter / 65536) % 256, math.floor(counter / 256) % 256, counter % 256)
      end
      local body = nil
      if item.body ~= "" then body = expand(item.body) end
      return wrk.format(item.method, expand(item.path), headers, body)
    end
    return wrk.format(item.method, item.path)
  end
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
  io.write(string.format("RESULT %d %f %d %d %d %d\\n", summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(95), latency:percentile(99), errors))
end
`;

let scriptPath: Promise<string> | undefined;

/** Load `url` with wrk from a second process and return throughput, latency percentiles and errors. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  scriptPath ??= (async () => {
    const directory = await mkdtemp(join(tmpdir(), "stashsphere-bench-"));
    const path = join(directory, "report.lua");
    await writeFile(path, reportScript);
    return path;
  })();
  const args = ["wrk", "-t", String(options.threads ?? 1), "-c", String(options.connections), "-d", `${options.seconds}s`, "-s", await scriptPath];
  if (options.timeoutSeconds) args.push("--timeout", `${options.timeoutSeconds}s`);
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push("-H", `${name}: ${value}`);
  args.push(options.url);

  const child = Bun.spawn(args, {
    stdout: "pipe",
    stderr: "pipe",
    env: {
      ...process.env,
      WRK_METHOD: options.method ?? "GET",
      WRK_BODY: options.body ?? "",
      WRK_MIX: interleaveByWeight(options.mix ?? []).map((item) => `${item.method}\t${item.path}\t${item.body ?? ""}`).join("\n"),
      WRK_VARY: String(options.vary ?? 0),
    },
  });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  const line = stdout.split("\n").find((candidate) => candidate.startsWith("RESULT "));
  if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}): ${stderr || stdout}`);
  const [requests, rate, p50, p95, p99, errors] = line.slice("RESULT ".length).split(" ").map(Number) as number[];
  return {
    requests: requests as number,
    requestsPerSecond: rate as number,
    p50Ms: (p50 as number) / 1000,
    p95Ms: (p95 as number) / 1000,
    p99Ms: (p99 as number) / 1000,
    errors: errors as number,
  };
}
