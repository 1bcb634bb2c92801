import { startPostgresCluster } from "../../../src/testing/postgres-cluster.ts";

/**
 * The PostgreSQL server for a fault test: the one `npm test` started (STASHSPHERE_TEST_DATABASE_URL),
 * or a throwaway cluster of this file's own when the file runs alone.
 */
export async function usePostgresServer(): Promise<{ url: string; release(): Promise<void> }> {
  const fromEnv = process.env.STASHSPHERE_TEST_DATABASE_URL;
  if (fromEnv) return { url: fromEnv, release: async () => {} };
  const cluster = await startPostgresCluster();
  return { url: cluster.url, release: () => cluster.stop() };
}
