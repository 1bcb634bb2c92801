import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { AppError, invalidInput } from "../http/errors.ts";
import { imageHashVisibleTo } from "../images/image-queries.ts";

/**
 * Check that every id names an image owned by `ownerId`, in one query (and one more when an
 * id names someone else's image). The first id in request order that fails decides the
 * status: an unknown id is a 400 naming it, another user's image a 403 (images are attached
 * only by their owner). Another user's image that the caller may not see gets the same 400 as
 * an unknown id, so the response never confirms that it exists.
 */
export async function requireImagesOfOwner(tx: Queryable, ownerId: string, imageIds: readonly string[]): Promise<void> {
  if (imageIds.length === 0) return;
  const rows = await tx.query<{ id: string; owner_id: string; hash: string }>(
    sql`select id, owner_id, hash from images where id = any(${[...imageIds]}::text[])`,
  );
  const imageOf = new Map(rows.map((row) => [row.id, row]));
  for (const [index, id] of imageIds.entries()) {
    const field = `imagesIds[${index}]`;
    const image = imageOf.get(id);
    if (image?.owner_id === ownerId) continue;
    if (image === undefined || !(await imageHashVisibleTo(tx, ownerId, image.hash))) {
      throw invalidInput(`${field}: image ${id} not found`, field);
    }
    throw new AppError("forbidden", "Entity does not belong to user", { field });
  }
}

/** Replace the thing's images with `imageIds`, keeping their order in `images_things.pos`. */
export async function replaceImageLinks(tx: Queryable, thingId: string, imageIds: readonly string[]): Promise<void> {
  await tx.query(sql`delete from images_things where thing_id = ${thingId}`);
  if (imageIds.length === 0) return;
  await tx.query(sql`
    insert into images_things (thing_id, image_id, pos)
    select ${thingId}, image.id, image.position - 1
    from unnest(${[...imageIds]}::text[]) with ordinality as image (id, position)`);
}
