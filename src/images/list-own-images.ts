import type { Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { offsetOf, type Page } from "../http/pagination.ts";
import { thingVisible, visibilityCtes } from "../shares/visibility.ts";
import { reducedThingColumns, reducedThingJson, type ReducedThingRow } from "../things/reduced-thing.ts";
import type { ImageRow, ReducedThingJson } from "./image-json.ts";
import { imageInUse } from "./image-queries.ts";

export interface GalleryImage {
  row: ImageRow;
  canDelete: boolean;
  things: ReducedThingJson[];
}

/**
 * List the viewer's own images, oldest first, with the things each one illustrates. With
 * `onlyUnassigned`, images attached to a thing or used as a profile picture are left out
 * (an anti-join on the viewer's rows, not a list of every linked id in the instance).
 */
export async function listOwnImages(
  db: Queryable,
  viewerId: string,
  options: Page & { onlyUnassigned: boolean },
): Promise<{ images: GalleryImage[]; totalCount: number }> {
  const filter = options.onlyUnassigned ? sql`and not ${imageInUse("i")}` : sql.empty;
  const rows = await db.query<ImageRow & { in_use: boolean; total_count: number }>(
    sql`select i.id, i.name, i.mime, i.hash, i.owner_id, u.name as owner_name, i.created_at, i.thumbhash, i.width, i.height,
               ${imageInUse("i")} as in_use, count(*) over ()::int as total_count
        from images i join users u on u.id = i.owner_id
        where i.owner_id = ${viewerId} ${filter}
        order by i.created_at, i.id
        limit ${options.perPage} offset ${offsetOf(options)}`,
  );
  const totalCount = rows[0]?.total_count ?? (await countOwnImages(db, viewerId, options.onlyUnassigned));
  const things = await thingsOfImages(db, viewerId, rows.map((row) => row.id));
  const images = rows.map(({ in_use, total_count: _, ...row }) => ({ row, canDelete: !in_use, things: things.get(row.id) ?? [] }));
  return { images, totalCount };
}

/** Only needed for a page past the end, where the window count has no row to ride on. */
async function countOwnImages(db: Queryable, viewerId: string, onlyUnassigned: boolean): Promise<number> {
  const filter = onlyUnassigned ? sql`and not ${imageInUse("i")}` : sql.empty;
  const [row] = await db.query<{ count: number }>(sql`select count(*)::int as count from images i where i.owner_id = ${viewerId} ${filter}`);
  return row?.count ?? 0;
}

/** Load the things each image illustrates, among those the viewer may see. */
async function thingsOfImages(db: Queryable, viewerId: string, imageIds: string[]): Promise<Map<string, ReducedThingJson[]>> {
  const byImage = new Map<string, ReducedThingJson[]>();
  if (imageIds.length === 0) return byImage;
  const rows = await db.query<ReducedThingRow & { image_id: string }>(
    sql`with ${visibilityCtes(viewerId)}
        select it.image_id, ${reducedThingColumns("t")}
        from images_things it
        join things t on t.id = it.thing_id
        where it.image_id = any(${imageIds}::text[]) and ${thingVisible(viewerId, "t")}
        order by t.created_at, t.id`,
  );
  for (const row of rows) {
    const list = byImage.get(row.image_id) ?? [];
    list.push(reducedThingJson(row, viewerId));
    byImage.set(row.image_id, list);
  }
  return byImage;
}
