import { queryOne, type Queryable } from "../db/database.ts";
import { sql } from "../db/sql.ts";
import { imageHashVisible } from "../shares/visibility.ts";
import type { ImageRow } from "./image-json.ts";

const imageColumns = sql`i.id, i.name, i.mime, i.hash, i.owner_id, u.name as owner_name, i.created_at, i.thumbhash, i.width, i.height`;

/**
 * Serialise work on one content hash across every instance on the database, for the length of
 * the caller's transaction. Storing a file and inserting its row happen under this lock. So do
 * checking that no row uses a hash and deleting its file. Without the lock, a deletion could
 * remove a file that a concurrent upload of the same bytes had just stored.
 */
export async function lockImageFile(tx: Queryable, hash: string): Promise<void> {
  await tx.query(sql`select pg_advisory_xact_lock(hashtextextended(${`stashsphere.image-file:${hash}`}, 0))`);
}

export async function imageHashInUse(db: Queryable, hash: string): Promise<boolean> {
  const row = await queryOne<{ used: boolean }>(db, sql`select exists (select 1 from images where hash = ${hash}) as used`);
  return row?.used === true;
}

export interface NewImage {
  id: string;
  name: string;
  mime: string;
  hash: string;
  ownerId: string;
  createdAt: Date;
  thumbhash: string;
  width: number;
  height: number;
}

export async function insertImage(tx: Queryable, image: NewImage): Promise<ImageRow> {
  const row = await queryOne<ImageRow>(
    tx,
    sql`with inserted as (
          insert into images (id, name, mime, hash, owner_id, created_at, thumbhash, width, height)
          values (${image.id}, ${image.name}, ${image.mime}, ${image.hash}, ${image.ownerId}, ${image.createdAt},
                  ${image.thumbhash}, ${image.width}, ${image.height})
          returning *
        )
        select ${imageColumns} from inserted i join users u on u.id = i.owner_id`,
  );
  if (!row) throw new Error("inserting an image returned no row");
  return row;
}

export async function findImageById(db: Queryable, id: string): Promise<ImageRow | undefined> {
  return queryOne<ImageRow>(db, sql`select ${imageColumns} from images i join users u on u.id = i.owner_id where i.id = ${id}`);
}

/** True when the viewer may see the file with this hash (see `imageHashVisible`). */
export async function imageHashVisibleTo(db: Queryable, viewerId: string, hash: string): Promise<boolean> {
  const row = await queryOne<{ visible: boolean }>(db, sql`select ${imageHashVisible(viewerId, hash)} as visible`);
  return row?.visible === true;
}

/**
 * Type and size of the file with this hash, or undefined when the viewer may not see it (or
 * there is no such file): the one query `/assets` runs per request.
 */
export async function findVisibleFileByHash(
  db: Queryable,
  viewerId: string,
  hash: string,
): Promise<{ mime: string; width: number | null } | undefined> {
  return queryOne(
    db,
    sql`select i.mime, i.width from images i
        where i.hash = ${hash} and ${imageHashVisible(viewerId, hash)}
        order by i.width is null, i.created_at
        limit 1`,
  );
}

/** True when the image illustrates a thing or is someone's profile picture. */
export function imageInUse(alias: string) {
  const i = sql.raw(alias);
  return sql`(exists (select 1 from images_things it where it.image_id = ${i}.id) or exists (select 1 from profiles p where p.image_id = ${i}.id))`;
}
