import type { AppDeps } from "../http/deps.ts";
import { isContentHash } from "./content-hash.ts";
import { imageHashInUse, lockImageFile } from "./image-queries.ts";
import { imageServicesFor, type ImageDeps } from "./image-services.ts";

/**
 * Delete the stored files (and their resized copies) of those `hashes` that no image row
 * uses any more. Call it after the transaction that deleted or changed image rows has
 * committed, e.g. with the hashes of an account's images after the account is purged. A file
 * that is already missing is not an error. Returns the hashes whose files were removed.
 */
export async function removeUnusedImageFiles(deps: ImageDeps & Pick<AppDeps, "db">, hashes: Iterable<string>): Promise<string[]> {
  const { store, cache } = imageServicesFor(deps);
  const removed: string[] = [];
  for (const hash of new Set(hashes)) {
    if (!isContentHash(hash)) {
      deps.log.warn("not removing an image file whose hash is not a content hash", { hash });
      continue;
    }
    const unused = await deps.db.transaction(async (tx) => {
      await lockImageFile(tx, hash);
      if (await imageHashInUse(tx, hash)) return false;
      await store.remove(hash);
      return true;
    });
    if (unused) {
      await cache.removeImage(hash);
      removed.push(hash);
    }
  }
  return removed;
}

/**
 * Like `removeUnusedImageFiles`, for clean-up after a request has done its work: a failure is
 * logged with the hashes and does not fail the request. The cost is a file that no row uses.
 */
export async function removeUnusedImageFilesOrLog(deps: ImageDeps & Pick<AppDeps, "db">, hashes: string[]): Promise<void> {
  try {
    await removeUnusedImageFiles(deps, hashes);
  } catch (error) {
    deps.log.error("could not remove unused image files", { hashes, error });
  }
}
