import { writeFile } from "node:fs/promises";
import { join } from "node:path";

/** An haproxy load balancer on loopback, started by a test or a benchmark. */
export interface LoadBalancer {
  readonly baseUrl: string;
  /** Retries and redispatches to another instance so far, summed over the instances. */
  retries(): Promise<{ retries: number; redispatches: number }>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Write the configuration docs/several-instances.md recommends, on loopback ports: round robin, a
 * health check on /readyz, and a retry on another instance when a connection fails.
 */
export function haproxyConfig(listenPort: number, backendPorts: readonly number[], statsSocket?: string): string {
  return [
    "global",
    "  maxconn 4000",
    ...(statsSocket ? [`  stats socket ${statsSocket} mode 600 level user`] : []),
    "defaults",
    "  mode http",
    "  timeout connect 2s",
    "  timeout client 30s",
    "  timeout server 30s",
    "  retries 3",
    "  option redispatch 1",
    "  retry-on conn-failure empty-response",
    "  option forwardfor",
    "frontend stashsphere",
    `  bind 127.0.0.1:${listenPort}`,
    "  default_backend instances",
    "backend instances",
    "  balance roundrobin",
    "  option httpchk GET /readyz",
    "  http-check send ver HTTP/1.1 hdr Host localhost",
    "  default-server check inter 500ms fall 2 rise 1",
    ...backendPorts.map((port, index) => `  server instance${index + 1} 127.0.0.1:${port}`),
    "",
  ].join("\n");
}

/** Start haproxy in the foreground; returns a reason string when haproxy is not installed. */
export async function startHaproxy(directory: string, listenPort: number, backendPorts: readonly number[]): Promise<LoadBalancer | string> {
  const executable = Bun.which("haproxy") ?? Bun.which("haproxy", { PATH: "/usr/sbin:/sbin" });
  if (!executable) return "haproxy is not installed (Debian package haproxy)";
  const configPath = join(directory, "haproxy.cfg");
  const statsSocket = join(directory, "haproxy.sock");
  await writeFile(configPath, haproxyConfig(listenPort, backendPorts, statsSocket));
  const child = Bun.spawn([executable, "-db", "-f", configPath], { stdout: "pipe", stderr: "pipe" });
  let text = "";
  const decoder = new TextDecoder();
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  };
  const streams = Promise.all([collect(child.stdout), collect(child.stderr)]);
  const baseUrl = `http://127.0.0.1:${listenPort}`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) return `haproxy exited with ${child.exitCode}: ${text}`;
    const up = await fetch(`${baseUrl}/healthz`).then((response) => response.ok, () => false);
    if (up) break;
    await Bun.sleep(50);
  }
  return {
    baseUrl,
    retries: () => readRetries(statsSocket),
    output: () => text,
    async stop() {
      child.kill("SIGTERM");
      await child.exited;
      await streams;
    },
  };
}

/** Sum the wretr and wredis columns of `show stat` over the servers of the backend. */
async function readRetries(statsSocket: string): Promise<{ retries: number; redispatches: number }> {
  const { promise, resolve } = Promise.withResolvers<string>();
  let csv = "";
  const socket = await Bun.connect({
    unix: statsSocket,
    socket: {
      data(_socket, chunk) {
        csv += new TextDecoder().decode(chunk);
      },
      close: () => resolve(csv),
    },
  });
  socket.write("show stat\n");
  const [header, ...rows] = (await promise).trim().split("\n");
  const columns = header!.replace(/^# /, "").split(",");
  const totals = { retries: 0, redispatches: 0 };
  for (const row of rows.map((line) => line.split(","))) {
    if (row[columns.indexOf("svname")] === "BACKEND" || row[columns.indexOf("pxname")] !== "instances") continue;
    totals.retries += Number(row[columns.indexOf("wretr")] || 0);
    totals.redispatches += Number(row[columns.indexOf("wredis")] || 0);
  }
  return totals;
}
