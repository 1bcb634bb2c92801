import { unlink } from "node:fs/promises";
import { join } from "node:path";
import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { Logger } from "../log/logger.ts";

/** Stored files are named by their content hash; anything else is never turned into a path. */
const hashFileName = /^[A-Za-z0-9]+$/;

/**
 * Delete the stored files of `hashes` that no `images` row uses any more, and return how many
 * were deleted. Call it after the transaction that deleted the rows has committed: a rollback
 * must never leave rows whose files are gone. A file that is already missing is skipped, and
 * one that cannot be deleted is logged and left in place.
 *
 * NOTE: this unlinks from `image.path` directly. It belongs behind the image store of the
 * images feature, which also owns the resized copies in `image.cachePath` (left to that
 * cache's own size limit here). An upload of the same content that lands between the check
 * and the unlink loses its file, until the store serialises the two.
 */
export async function removeUnusedImageFiles(
  deps: { db: Queryable; log: Logger; imageStorePath: string },
  hashes: readonly string[],
): Promise<number> {
  if (hashes.length === 0) return 0;
  const unused = await deps.db.query<{ hash: string }>(sql`
    select distinct hash from unnest(${[...hashes]}::text[]) as candidate (hash)
    where not exists (select 1 from images i where i.hash = candidate.hash)`);

  let removed = 0;
  for (const { hash } of unused) {
    if (!hashFileName.test(hash)) {
      deps.log.warn("image hash is not a valid file name; file left in place", { hash });
      continue;
    }
    try {
      await unlink(join(deps.imageStorePath, hash));
      removed += 1;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") deps.log.error("deleting an unused image file failed", { hash, error });
    }
  }
  return removed;
}
