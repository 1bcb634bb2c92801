import { unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { AppDeps } from "../http/deps.ts";
import { AppError, conflict } from "../http/errors.ts";
import { contentHash } from "./content-hash.ts";
import { findOwnImageOrFail } from "./find-own-image.ts";
import type { ImageRow } from "./image-json.ts";
import { encodeRotated, mimeOfFormat, thumbHashOf, type OutputFormat } from "./image-pipeline.ts";
import { findImageById, lockImageFile } from "./image-queries.ts";
import { imageServicesFor } from "./image-services.ts";
import { removeUnusedImageFilesOrLog } from "./remove-unused-image-files.ts";

// Images stored by the original server may be GIF or BMP; those become PNG, with the row's
// type updated to match (the original kept the old type).
const rotatedFormat: Record<string, OutputFormat> = {
  "image/jpeg": "jpeg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "png",
  "image/bmp": "png",
};

/**
 * Rotate one of the viewer's images counter-clockwise by 90, 180 or 270 degrees. The result
 * is a new file under a new hash, and the row points to it. The old file is removed unless
 * another row still uses it. Re-encoding keeps the file free of metadata.
 */
export async function rotateImage(deps: AppDeps, viewerId: string, imageId: string, degrees: 90 | 180 | 270): Promise<ImageRow> {
  const services = imageServicesFor(deps);
  const image = await findOwnImageOrFail(deps.db, viewerId, imageId);
  const format = rotatedFormat[image.mime];
  if (!format) throw new AppError("unsupported_media_type", `images of type ${image.mime} cannot be rotated`);
  const file = await services.store.open(image.hash);
  if (!file) throw new AppError("not_found", "Image file not found");

  const options = { pool: services.pool, maxPixels: services.maxPixels };
  const rotated = await encodeRotated(file, format, degrees, options);
  const thumbhash = await thumbHashOf(rotated.bytes, options);
  const hash = contentHash(rotated.bytes);
  const temp = join(services.store.tempDirectory, `${crypto.randomUUID()}.image`);
  try {
    // Inside the try: a write cut short by a full disk leaves a partial file to remove.
    await writeFile(temp, rotated.bytes, { mode: 0o640 });
    await deps.db.transaction(async (tx) => {
      await lockImageFile(tx, hash);
      await services.store.put(temp, hash);
      // Only if no other request rotated or deleted the image meanwhile, whose change would be lost.
      const updated = await queryOne(
        tx,
        sql`update images set hash = ${hash}, mime = ${mimeOfFormat[format]}, width = ${rotated.width}, height = ${rotated.height}, thumbhash = ${thumbhash}
            where id = ${imageId} and hash = ${image.hash} returning id`,
      );
      if (!updated) throw conflict("the image was changed by another request meanwhile; reload it and try again");
    });
  } catch (error) {
    await unlink(temp).catch(() => {});
    await removeUnusedImageFilesOrLog(deps, [hash]);
    throw error;
  }
  if (hash !== image.hash) await removeUnusedImageFilesOrLog(deps, [image.hash]);
  const row = await findImageById(deps.db, imageId);
  if (!row) throw new AppError("not_found", "Image not found");
  return row;
}
