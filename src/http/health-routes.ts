import { Hono } from "hono";
import type { AppDeps } from "./deps.ts";
import type { AppEnv } from "./env.ts";

/**
 * `/healthz` answers while the process runs (for restarts by a supervisor); `/readyz` only when
 * the database answers and its schema is current (for a load balancer deciding where to send
 * traffic).
 */
export function healthRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get("/healthz", (c) => c.json({ status: "ok" }))
    .get("/readyz", async (c) => {
      const readiness = await deps.readiness();
      return c.json(readiness.ready ? { status: "ready" } : { status: "not ready", reason: readiness.reason }, readiness.ready ? 200 : 503);
    });
}
