// Drive one HTTP endpoint with a fixed number of concurrent connections for a fixed time and
// print one JSON line: requests, requests per second, latency percentiles and status counts.
// Runs as its own process, so that the client does not share the server's JavaScript thread.
//
//   bun bench/lib/http-load.ts '<json LoadSpec>'
export interface LoadSpec {
  url: string;
  method: string;
  concurrency: number;
  durationSeconds: number;
  /** Fixed headers, e.g. a session cookie. */
  headers?: Record<string, string>;
  /** Send `{"email": "<prefix><n>@example.test", "password": …}` with n cycling over `count`. */
  loginBody?: { prefix: string; count: number; password: string };
  /** Give every request its own client address in `X-Forwarded-For` (the server must trust 127.0.0.1 as a proxy). */
  distinctAddresses?: boolean;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  statuses: Record<string, number>;
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] as number;
}

async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const deadline = performance.now() + spec.durationSeconds * 1000;
  let sequence = 0;

  const worker = async () => {
    while (performance.now() < deadline) {
      const n = sequence++;
      const headers: Record<string, string> = { ...spec.headers };
      let body: string | undefined;
      if (spec.loginBody) {
        headers["content-type"] = "application/json";
        body = JSON.stringify({ email: `${spec.loginBody.prefix}${n % spec.loginBody.count}@example.test`, password: spec.loginBody.password });
      }
      if (spec.distinctAddresses) headers["x-forwarded-for"] = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

      const started = performance.now();
      const response = await fetch(spec.url, { method: spec.method, headers, body });
      await response.arrayBuffer();
      latencies.push(performance.now() - started);
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    requests: latencies.length,
    requestsPerSecond: round(latencies.length / seconds),
    p50Ms: round(percentile(latencies, 0.5)),
    p95Ms: round(percentile(latencies, 0.95)),
    p99Ms: round(percentile(latencies, 0.99)),
    statuses,
  };
}

if (import.meta.main) {
  const spec = JSON.parse(Bun.argv[2] ?? "{}") as LoadSpec;
  console.log(JSON.stringify(await runLoad(spec)));
}
