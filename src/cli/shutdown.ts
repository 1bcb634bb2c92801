import type { InFlightRequests } from "../http/in-flight.ts";
import type { Logger } from "../log/logger.ts";

export interface ShutdownParts {
  server: { stop(closeActiveConnections?: boolean): Promise<void> };
  inFlight: InFlightRequests;
  log: Logger;
  graceMs: number;
  /** Stop the background workers; they finish their pass while the database is still open. */
  stopWorkers(): Promise<void>;
  closeDatabase(): Promise<void>;
}

/**
 * Stop `serve` within `graceMs`. New connections are refused at once and requests in flight
 * may finish. When the grace period ends, the connections still open are closed. Handlers
 * whose clients went away get the rest of the same period. Then the workers stop and the
 * database is closed.
 */
export async function shutDown(parts: ShutdownParts, signal: string): Promise<void> {
  const { server, inFlight, log, graceMs } = parts;
  const deadline = Date.now() + graceMs;
  log.info("shutting down: finishing requests in flight", { signal, graceSeconds: graceMs / 1000 });
  const forced = setTimeout(() => {
    log.warn("requests still running after the grace period; closing their connections");
    void server.stop(true);
  }, graceMs);
  await server.stop(false);
  const idle = await inFlight.idle(Math.max(0, deadline - Date.now()));
  clearTimeout(forced);
  if (!idle) log.warn("request handlers still running after the grace period; their database statements will fail", { requests: inFlight.count });
  await parts.stopWorkers();
  await parts.closeDatabase();
  log.info("stopped");
}
