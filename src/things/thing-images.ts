import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { AppError, invalidInput } from "../http/errors.ts";

/**
 * Check that every id names an image owned by `ownerId`, in one query. The first id in request
 * order that fails decides the answer: an unknown id is a 400 naming it, another user's image
 * a 403 (images are attached only by their owner).
 */
export async function requireImagesOfOwner(tx: Queryable, ownerId: string, imageIds: readonly string[]): Promise<void> {
  if (imageIds.length === 0) return;
  const rows = await tx.query<{ id: string; owner_id: string }>(
    sql`select id, owner_id from images where id = any(${[...imageIds]}::text[])`,
  );
  const ownerOf = new Map(rows.map((row) => [row.id, row.owner_id]));
  imageIds.forEach((id, index) => {
    const field = `imagesIds[${index}]`;
    const owner = ownerOf.get(id);
    if (owner === undefined) throw invalidInput(`${field}: image ${id} not found`, field);
    if (owner !== ownerId) throw new AppError("forbidden", "Entity does not belong to user", { field });
  });
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
