import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { PostgresCluster } from "../../../src/testing/postgres-cluster.ts";

/** List the process ids of the postmaster and its children (backends, checkpointer, …). */
function serverProcessIds(cluster: PostgresCluster): number[] {
  const postmaster = Number(readFileSync(join(cluster.directory, "data", "postmaster.pid"), "utf8").split("\n")[0]);
  const children = Bun.spawnSync(["pgrep", "-P", String(postmaster)]).stdout.toString().split("\n").filter(Boolean).map(Number);
  return [postmaster, ...children];
}

/**
 * Stop every process of the cluster with SIGSTOP, so its sockets stay open but nothing responds:
 * the way a hung server or a network partition looks to a client. Returns a function that
 * lets them run again.
 */
export function freezePostgres(cluster: PostgresCluster): () => void {
  const ids = serverProcessIds(cluster);
  for (const id of ids) process.kill(id, "SIGSTOP");
  return () => {
    for (const id of ids) process.kill(id, "SIGCONT");
  };
}
