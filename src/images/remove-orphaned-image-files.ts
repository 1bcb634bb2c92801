import type { AppDeps } from "../http/deps.ts";
import { sql } from "../db/sql.ts";
import { imageServicesFor } from "./image-services.ts";
import { removeUnusedImageFiles } from "./remove-unused-image-files.ts";

/** How many hashes one query checks against the images table. */
const hashesPerQuery = 1000;

export interface OrphanedFilesReport {
  /** Files found in the store. */
  checked: number;
  /** Hashes whose files no image row named; their files are gone now. */
  removed: string[];
}

/**
 * Delete stored files that no image row names. A process killed between storing a file and
 * committing its row (upload, rotation), or between deleting a row and its file, leaves one
 * behind. Each candidate is checked again under its hash's lock before it goes, so the file
 * of an upload whose transaction is still open in another instance is kept. Run at start.
 */
export async function removeOrphanedImageFiles(deps: Pick<AppDeps, "db" | "config" | "log" | "imageStore">): Promise<OrphanedFilesReport> {
  const { store } = imageServicesFor(deps);
  const hashes = await store.listHashes();
  const candidates: string[] = [];
  for (let start = 0; start < hashes.length; start += hashesPerQuery) {
    const batch = hashes.slice(start, start + hashesPerQuery);
    const rows = await deps.db.query<{ hash: string }>(sql`
      select h.hash from unnest(${batch}::text[]) as h(hash)
      where not exists (select 1 from images i where i.hash = h.hash)`);
    candidates.push(...rows.map((row) => row.hash));
  }
  const removed = candidates.length ? await removeUnusedImageFiles(deps, candidates) : [];
  return { checked: hashes.length, removed };
}
