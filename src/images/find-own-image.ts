import type { Queryable } from "../db/database.ts";
import { forbidden, notFound } from "../http/errors.ts";
import type { ImageRow } from "./image-json.ts";
import { findImageById, imageHashVisibleTo } from "./image-queries.ts";

/**
 * Find the image a write is about, when the viewer owns it. Someone who may see the picture
 * but does not own it gets a 403. Someone who may not see it gets a 404, as for an unknown
 * id, so that the response never confirms that a hidden image exists.
 */
export async function findOwnImageOrFail(db: Queryable, viewerId: string, imageId: string): Promise<ImageRow> {
  const row = await findImageById(db, imageId);
  if (!row) throw notFound("Image");
  if (row.owner_id === viewerId) return row;
  if (await imageHashVisibleTo(db, viewerId, row.hash)) throw forbidden();
  throw notFound("Image");
}
