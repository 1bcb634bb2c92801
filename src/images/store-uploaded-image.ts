import { unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { newId } from "../db/ids.ts";
import { AppError, invalidInput } from "../http/errors.ts";
import type { AppDeps } from "../http/deps.ts";
import { contentHash } from "./content-hash.ts";
import { detectImageType, heicUnsupportedMessage } from "./detect-image-type.ts";
import { isLosslessWebp, readHeaderSize } from "./image-header.ts";
import type { ImageRow } from "./image-json.ts";
import { encodeUpright, mimeOfFormat, thumbHashOf, type EncodedImage } from "./image-pipeline.ts";
import { insertImage, lockImageFile } from "./image-queries.ts";
import { imageServicesFor } from "./image-services.ts";
import type { ReceivedFile } from "./multipart-file.ts";
import { removeUnusedImageFilesOrLog } from "./remove-unused-image-files.ts";

/**
 * Turn an uploaded file into a stored image: check its type by content and its pixel count by
 * its header, re-encode it upright without metadata, store the result under its hash and
 * insert the row. The file is in the store before the row exists. If the row cannot be
 * inserted, the file is removed again unless another row uses the same bytes.
 */
export async function storeUploadedImage(deps: AppDeps, ownerId: string, upload: ReceivedFile): Promise<ImageRow> {
  const services = imageServicesFor(deps);
  const type = await detectImageType(upload.head);
  if (type.headerFormat) {
    const size = await readHeaderSize(upload.path, type.headerFormat);
    if (!size || size.width === 0 || size.height === 0) throw invalidInput(`file is not a valid ${type.detectedMime} image: its header has no image size`, "file");
    const pixels = size.width * size.height;
    if (pixels > services.maxPixels) {
      throw new AppError("payload_too_large", `image is ${size.width}×${size.height} pixels (${pixels}); the limit is ${services.maxPixels} pixels`, { field: "file" });
    }
  }

  const lossless = type.headerFormat === "webp" && (await isLosslessWebp(upload.path));
  let encoded: EncodedImage;
  try {
    encoded = await encodeUpright(Bun.file(upload.path), type.storedAs, { pool: services.pool, maxPixels: services.maxPixels, lossless });
  } catch (error) {
    if (type.headerFormat === null && error instanceof AppError && error.code === "unsupported_media_type") {
      throw new AppError("unsupported_media_type", heicUnsupportedMessage, { field: "file" });
    }
    throw error;
  }
  const thumbhash = await thumbHashOf(encoded.bytes, { pool: services.pool, maxPixels: services.maxPixels });

  const hash = contentHash(encoded.bytes);
  const temp = join(services.store.tempDirectory, `${crypto.randomUUID()}.image`);
  try {
    // Inside the try: a write cut short by a full disk leaves a partial file to remove.
    await writeFile(temp, encoded.bytes, { mode: 0o640 });
    return await deps.db.transaction(async (tx) => {
      await lockImageFile(tx, hash);
      await services.store.put(temp, hash);
      return insertImage(tx, {
        id: newId(),
        name: upload.fileName,
        mime: mimeOfFormat[encoded.format],
        hash,
        ownerId,
        createdAt: deps.clock.now(),
        thumbhash,
        width: encoded.width,
        height: encoded.height,
      });
    });
  } catch (error) {
    await unlink(temp).catch(() => {});
    await removeUnusedImageFilesOrLog(deps, [hash]);
    throw error;
  }
}
