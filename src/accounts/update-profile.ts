import * as v from "valibot";
import { queryOne, type Queryable } from "../db/database.ts";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";
import { forbidden, notFound } from "../http/errors.ts";
import { idSchema } from "../http/validation.ts";
import { imageHashVisibleTo } from "../images/image-queries.ts";

const codePoints = (text: string) => [...text].length;
/** C0 and C1 control characters, line breaks included. */
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;
/** The same, but tab and line breaks are allowed in multi-line text. */
const controlCharacterExceptLineBreaks = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function singleLine(min: number, max: number) {
  return v.pipe(
    v.string("must be a string"),
    v.trim(),
    v.check((text) => codePoints(text) >= min, `must be at least ${min} characters`),
    v.check((text) => codePoints(text) <= max, `must be at most ${max} characters`),
    v.check((text) => !controlCharacter.test(text), "must not contain control characters or line breaks"),
  );
}

/**
 * Body of `PATCH /api/user/profile`. Every field is optional, and a field left out keeps its
 * value. Null for `fullName` or `information` stores an empty string, as the original did.
 * `imageId: null` removes the picture.
 */
export const profileUpdateSchema = v.object({
  name: v.optional(singleLine(2, 255)),
  fullName: v.optional(v.nullable(singleLine(0, 255))),
  information: v.optional(
    v.nullable(
      v.pipe(
        v.string("must be a string"),
        v.check((text) => codePoints(text) <= 4000, "must be at most 4000 characters"),
        v.check((text) => !controlCharacterExceptLineBreaks.test(text), "must not contain control characters"),
      ),
    ),
  ),
  imageId: v.optional(v.nullable(idSchema)),
});

export type ProfileUpdate = v.InferOutput<typeof profileUpdateSchema>;

/**
 * Apply a partial profile update in the caller's transaction. The profile row is created on
 * the first update (from then on `fullName` and `information` are strings). A picture must be
 * an image the user owns: 404 for an unknown id or one the user may not see, 403 for someone
 * else's that they may see. The image row is locked until commit, so it cannot be deleted
 * between the check and the update.
 */
export async function updateProfile(tx: Queryable, userId: string, update: ProfileUpdate): Promise<void> {
  if (update.imageId) {
    const image = await queryOne<{ owner_id: string; hash: string }>(tx, sql`select owner_id, hash from images where id = ${update.imageId} for key share`);
    if (!image) throw notFound("Image");
    if (image.owner_id !== userId) {
      // A picture of someone else that the user may not see gets the same 404 as an unknown id.
      throw (await imageHashVisibleTo(tx, userId, image.hash)) ? forbidden() : notFound("Image");
    }
  }

  if (update.name !== undefined) {
    await tx.query(sql`update users set name = ${update.name} where id = ${userId}`);
  }

  const fullName = update.fullName === undefined ? undefined : (update.fullName ?? "");
  const information = update.information === undefined ? undefined : (update.information ?? "");
  await tx.query(sql`
    insert into profiles as p (id, user_id, full_name, information, image_id)
    values (${newId()}, ${userId}, ${fullName ?? ""}, ${information ?? ""}, ${update.imageId ?? null})
    on conflict (user_id) do update set
      full_name = case when ${fullName !== undefined} then excluded.full_name else p.full_name end,
      information = case when ${information !== undefined} then excluded.information else p.information end,
      image_id = case when ${update.imageId !== undefined} then excluded.image_id else p.image_id end`);
}
