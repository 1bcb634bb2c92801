import type { ReducedThing } from "../things/thing-json.ts";

/** An `images` row with its owner's name, as the queries in this folder select it. */
export interface ImageRow {
  id: string;
  name: string;
  mime: string;
  hash: string;
  owner_id: string;
  owner_name: string;
  created_at: Date;
  thumbhash: string | null;
  width: number | null;
  height: number | null;
}

/** `ReducedThing` as the gallery lists it, with the thing's real quantity. */
export type ReducedThingJson = ReducedThing;

/**
 * `ReducedImage`: the response body of upload, rotation and deletion, and the shape things embed.
 * Unlike the original, `owner` is filled in; `thumbhash`, `width` and `height` are additions
 * (null for images stored by the original server).
 */
export function reducedImageJson(row: ImageRow) {
  return {
    id: row.id,
    name: row.name,
    mime: row.mime,
    createdAt: row.created_at.toISOString(),
    owner: { id: row.owner_id, name: row.owner_name },
    hash: row.hash,
    thumbhash: row.thumbhash,
    width: row.width,
    height: row.height,
  };
}

/** `Image` of the gallery: a reduced image plus whether it may be deleted and the things it shows. */
export function imageJson(row: ImageRow, canDelete: boolean, things: ReducedThingJson[]) {
  return { ...reducedImageJson(row), actions: { canDelete }, things };
}
