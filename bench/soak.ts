// Memory of one `serve` instance under a long mixed load: RSS every 10 s after a warm-up.
//
//   bun bench/soak.ts [--scale 0.02] [--minutes 10] [--warmup-seconds 60] [--connections 8]
//
// Uses the built executable when dist/stashsphere exists (bun run build.ts), else the source.
// Needs PostgreSQL's server programs and wrk. The load is bench/instances.ts's mixed scenario
// (reads, searches, thing creation, cart additions) from wrk in 10 s slices. Prints one line
// per sample and a summary: RSS is called flat when the mean of the last minute's samples is
// within ±10 % of the first minute's.
import { prepareBenchSite, residentBytesOf, serveCommand } from "./lib/bench-site.ts";
import { runLoad } from "./lib/wrk.ts";

function parseOptions(argv: string[]) {
  const options = { scale: 0.02, minutes: 10, warmupSeconds: 60, connections: 8 };
  for (let index = 0; index < argv.length; index += 2) {
    const [flag, value] = [argv[index], Number(argv[index + 1])];
    if (flag === "--scale") options.scale = value;
    else if (flag === "--minutes") options.minutes = value;
    else if (flag === "--warmup-seconds") options.warmupSeconds = value;
    else if (flag === "--connections") options.connections = value;
    else throw new Error(`unknown option ${flag}; see the comment at the top of bench/soak.ts`);
  }
  return options;
}

const sampleSeconds = 10;
const options = parseOptions(process.argv.slice(2));
const mebibytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

console.log(`serve runs as: ${serveCommand().join(" ")}; generating an instance at scale ${options.scale}…`);
const site = await prepareBenchSite(options.scale);
try {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = probe.port as number;
  await probe.stop(true);
  const serve = await site.startServe(port);
  const cookie = await site.login(serve.baseUrl);
  const mix = await site.mixedScenario(serve.baseUrl, cookie);
  const slice = () => runLoad({ url: serve.baseUrl, seconds: sampleSeconds, connections: options.connections, threads: 1, headers: { Cookie: cookie }, mix });

  console.log(`idle RSS ${mebibytes(await residentBytesOf(serve.pid))} MiB; warming up for ${options.warmupSeconds} s`);
  for (let elapsed = 0; elapsed < options.warmupSeconds; elapsed += sampleSeconds) await slice();

  const samples: { minute: number; rssBytes: number; requestsPerSecond: number; errors: number }[] = [];
  const slices = Math.round((options.minutes * 60) / sampleSeconds);
  for (let index = 1; index <= slices; index += 1) {
    const result = await slice();
    const sample = { minute: (index * sampleSeconds) / 60, rssBytes: await residentBytesOf(serve.pid), requestsPerSecond: result.requestsPerSecond, errors: result.errors };
    samples.push(sample);
    console.log(`${sample.minute.toFixed(2)} min  RSS ${mebibytes(sample.rssBytes)} MiB  ${sample.requestsPerSecond.toFixed(0)} req/s  ${sample.errors} errors`);
  }

  const rss = samples.map((sample) => sample.rssBytes);
  const sorted = [...rss].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1]!;
  // Garbage collection makes RSS a sawtooth, so single samples say little; the trend does.
  const perMinute = Math.round(60 / sampleSeconds);
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const firstMinute = mean(rss.slice(0, perMinute));
  const lastMinute = mean(rss.slice(-perMinute));
  const drift = (lastMinute - firstMinute) / firstMinute;
  const requests = samples.reduce((sum, sample) => sum + sample.requestsPerSecond * sampleSeconds, 0);
  console.log(
    `\nRSS after warm-up over ${options.minutes} min: min ${mebibytes(sorted[0]!)}, median ${mebibytes(median)}, max ${mebibytes(sorted.at(-1)!)} MiB;`,
    `mean of the first minute ${mebibytes(firstMinute)} MiB, of the last ${mebibytes(lastMinute)} MiB (${(drift * 100).toFixed(1)} %):`,
    `${Math.abs(drift) <= 0.1 ? "flat" : "NOT flat"} within ±10 %; about ${Math.round(requests)} requests, ${samples.reduce((sum, sample) => sum + sample.errors, 0)} errors`,
  );
} finally {
  await site.stop();
}
