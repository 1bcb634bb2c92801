import { StartupError } from "./startup.ts";

/** Split `listenAddress` (`:8081`, `127.0.0.1:8081`, `[::1]:8081`) into host and port. */
export function parseListenAddress(address: string): { hostname: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(address.trim());
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65535) {
    throw new StartupError(`listenAddress: expected host:port such as ":8081" or "127.0.0.1:8081", got ${JSON.stringify(address)}`);
  }
  return { hostname: match[1] ?? (match[2] || "0.0.0.0"), port };
}
