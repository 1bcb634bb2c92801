import { queryOne } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import type { AppDeps } from "../http/deps.ts";
import { conflict, notFound } from "../http/errors.ts";
import { findOwnImageOrFail } from "./find-own-image.ts";
import type { ImageRow } from "./image-json.ts";
import { imageInUse } from "./image-queries.ts";
import { removeUnusedImageFilesOrLog } from "./remove-unused-image-files.ts";

/**
 * Delete one of the viewer's images, unless it illustrates a thing or is a profile picture
 * (409: the original sent 400, but the request is valid and the state is what conflicts).
 * The file goes too when no other row uses the same bytes; a file already missing is fine.
 */
export async function deleteImage(deps: AppDeps, viewerId: string, imageId: string): Promise<ImageRow> {
  const image = await findOwnImageOrFail(deps.db, viewerId, imageId);
  // The in-use check and the delete are one statement, so an attachment made after the
  // check above cannot be dropped by the cascade from images to images_things.
  const deleted = await queryOne<{ id: string }>(
    deps.db,
    sql`delete from images i where i.id = ${imageId} and i.owner_id = ${viewerId} and not ${imageInUse("i")} returning i.id`,
  );
  if (!deleted) {
    const stillThere = await queryOne(deps.db, sql`select 1 from images where id = ${imageId}`);
    throw stillThere ? conflict("Entity is currently in use") : notFound("Image");
  }
  await removeUnusedImageFilesOrLog(deps, [image.hash]);
  return image;
}
