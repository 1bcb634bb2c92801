import { newId } from "../../db/ids.ts";
import { sql } from "../../db/sql.ts";
import type { TestApp } from "../../testing/app.ts";
import type { TestUser } from "../../testing/users.ts";

export interface UploadedImage {
  id: string;
  name: string;
  mime: string;
  hash: string;
  width: number;
  height: number;
  thumbhash: string;
}

/** POST /api/images with `bytes` in the field `file`; returns the raw response. */
export function postImage(t: TestApp, user: TestUser | null, bytes: Uint8Array, name = "photo.jpg", type = "image/jpeg"): Promise<Response> {
  const form = new FormData();
  form.set("file", new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
  return t.request("POST", "/api/images", { body: form, cookie: user?.cookie });
}

/** Upload and expect a 201; fails with the response body otherwise. */
export async function uploadImage(t: TestApp, user: TestUser, bytes: Uint8Array, name = "photo.jpg"): Promise<UploadedImage> {
  const response = await postImage(t, user, bytes, name);
  const body = await response.text();
  if (response.status !== 201) throw new Error(`upload of ${name} failed with status ${response.status}: ${body}`);
  return JSON.parse(body) as UploadedImage;
}

/** GET /assets/:hash as `user`, with optional width and Accept header. */
export function getAsset(t: TestApp, user: TestUser | null, hash: string, options: { width?: number | string; accept?: string; method?: string; headers?: Record<string, string> } = {}) {
  const query = options.width !== undefined ? `?width=${options.width}` : "";
  const headers: Record<string, string> = { ...options.headers };
  if (options.accept) headers.accept = options.accept;
  return t.request(options.method ?? "GET", `/assets/${hash}${query}`, { cookie: user?.cookie, headers });
}

export async function createThing(t: TestApp, owner: TestUser, sharingState: "private" | "friends" | "friends-of-friends" = "private"): Promise<string> {
  const id = newId();
  await t.db.query(sql`insert into things (id, name, owner_id, sharing_state) values (${id}, ${`Thing ${id}`}, ${owner.id}, ${sharingState}::sharing_state)`);
  return id;
}

export async function attachImageToThing(t: TestApp, thingId: string, imageId: string): Promise<void> {
  await t.db.query(sql`insert into images_things (thing_id, image_id) values (${thingId}, ${imageId})`);
}

export async function setProfilePicture(t: TestApp, user: TestUser, imageId: string): Promise<void> {
  await t.db.query(sql`insert into profiles (id, full_name, information, image_id, user_id) values (${newId()}, ${user.name}, '', ${imageId}, ${user.id})`);
}
