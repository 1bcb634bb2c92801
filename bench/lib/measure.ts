/** Latency percentiles and throughput of one request function, for the benchmark scripts. */

export interface LatencyFigures {
  count: number;
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

/** Run `request` `count` times one after another and report the latency distribution. */
export async function measureLatency(request: (round: number) => Promise<void>, count: number): Promise<LatencyFigures> {
  const durations: number[] = [];
  for (let round = 0; round < count; round++) {
    const started = performance.now();
    await request(round);
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  return {
    count,
    p50Ms: percentile(durations, 0.5),
    p95Ms: percentile(durations, 0.95),
    meanMs: durations.reduce((sum, duration) => sum + duration, 0) / count,
  };
}

/** Keep `concurrency` requests in flight for `seconds` and return completed requests per second. */
export async function measureThroughput(request: (round: number) => Promise<void>, concurrency: number, seconds: number): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let completed = 0;
  const worker = async (offset: number) => {
    for (let round = offset; performance.now() < deadline; round += concurrency) {
      await request(round);
      completed++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, offset) => worker(offset)));
  return completed / ((performance.now() - started) / 1000);
}
