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
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  /**
   * Send these requests in turn on each connection instead of `method`/`body` to `url`'s path.
   * Paths only; every one goes to `url`'s host. A body is sent as JSON.
   */
  mix?: { method: string; path: string; body?: string }[];
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
local turn = 0
if #mix > 0 then
  request = function()
    turn = turn % #mix + 1
    local item = mix[turn]
    if item.body ~= "" then
      -- wrk.format replaces wrk.headers (the -H options) when given headers, so copy them.
      local headers = {}
      for name, value in pairs(wrk.headers) do headers[name] = value end
      headers["Content-Type"] = "application/json"
      return wrk.format(item.method, item.path, headers, item.body)
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
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push("-H", `${name}: ${value}`);
  args.push(options.url);

  const child = Bun.spawn(args, {
    stdout: "pipe",
    stderr: "pipe",
    env: {
      ...process.env,
      WRK_METHOD: options.method ?? "GET",
      WRK_BODY: options.body ?? "",
      WRK_MIX: (options.mix ?? []).map((item) => `${item.method}\t${item.path}\t${item.body ?? ""}`).join("\n"),
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
