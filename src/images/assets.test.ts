import { beforeAll, describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, makeFriends, type TestUser } from "../testing/users.ts";
import { attachImageToThing, createThing, getAsset, setProfilePicture, uploadImage, type UploadedImage } from "./testing/image-fixtures.ts";
import { uniquePhoto } from "./testing/unique-photo.ts";

let t: TestApp;
let owner: TestUser;
let friend: TestUser;
let friendOfFriend: TestUser;
let stranger: TestUser;
let photo: UploadedImage; // 640×480

beforeAll(async () => {
  t = await createTestApp();
  owner = await createTestUser(t, { name: "Owner" });
  friend = await createTestUser(t, { name: "Friend" });
  friendOfFriend = await createTestUser(t, { name: "Friend of a friend" });
  stranger = await createTestUser(t, { name: "Stranger" });
  await makeFriends(t, owner, friend);
  await makeFriends(t, friend, friendOfFriend);
  photo = await uploadImage(t, owner, await uniquePhoto(640));
});

async function newPicture(): Promise<UploadedImage> {
  // Each picture needs its own bytes: access is decided per content hash.
  return uploadImage(t, owner, await uniquePhoto());
}

async function statuses(hash: string): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.entries({ owner, friend, friendOfFriend, stranger, anonymous: null }).map(async ([role, user]) => [role, (await getAsset(t, user, hash)).status] as const),
  );
  return Object.fromEntries(entries);
}

describe("who may fetch /assets/:hash", () => {
  test("image on no thing: only its owner", async () => {
    const image = await newPicture();
    expect(await statuses(image.hash)).toEqual({ owner: 200, friend: 404, friendOfFriend: 404, stranger: 404, anonymous: 401 });
  });

  test("image of a thing shared with friends: owner and friends", async () => {
    const image = await newPicture();
    await attachImageToThing(t, await createThing(t, owner, "friends"), image.id);
    expect(await statuses(image.hash)).toEqual({ owner: 200, friend: 200, friendOfFriend: 404, stranger: 404, anonymous: 401 });
  });

  test("image of a thing shared with friends of friends: also their friends", async () => {
    const image = await newPicture();
    await attachImageToThing(t, await createThing(t, owner, "friends-of-friends"), image.id);
    expect(await statuses(image.hash)).toEqual({ owner: 200, friend: 200, friendOfFriend: 200, stranger: 404, anonymous: 401 });
  });

  test("image of a private thing in a list shared directly with a stranger", async () => {
    const image = await newPicture();
    const thingId = await createThing(t, owner, "private");
    await attachImageToThing(t, thingId, image.id);
    const listId = newId();
    await t.db.query(sql`insert into lists (id, name, owner_id) values (${listId}, 'Workshop', ${owner.id})`);
    await t.db.query(sql`insert into lists_things (list_id, thing_id) values (${listId}, ${thingId})`);
    await t.db.query(sql`insert into shares (id, owner_id, target_user_id, list_id) values (${newId()}, ${owner.id}, ${stranger.id}, ${listId})`);
    expect(await statuses(image.hash)).toEqual({ owner: 200, friend: 404, friendOfFriend: 404, stranger: 200, anonymous: 401 });
  });

  test("profile picture: whoever may see the profile card", async () => {
    const image = await newPicture();
    await setProfilePicture(t, owner, image.id);
    expect(await statuses(image.hash)).toEqual({ owner: 200, friend: 200, friendOfFriend: 200, stranger: 404, anonymous: 401 });
  });

  test("unknown and malformed hashes are 404", async () => {
    expect((await getAsset(t, owner, "A".repeat(52))).status).toBe(404);
    expect((await getAsset(t, owner, "not-a-hash")).status).toBe(404);
    expect((await getAsset(t, owner, "..%2F..%2Fetc%2Fpasswd")).status).toBe(404);
  });

  test("missing file of an existing row is 404", async () => {
    const image = await newPicture();
    await Bun.file(`${t.config.image.path}/${image.hash}`).delete();
    const response = await getAsset(t, owner, image.hash);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { message: string }).message).toBe("Image not found");
  });
});

describe("response headers", () => {
  test("original carries type, length, strong ETag and caching and sandbox headers", async () => {
    const response = await getAsset(t, owner, photo.hash);
    const body = new Uint8Array(await response.arrayBuffer());
    expect(response.status).toBe(200);
    expect(Object.fromEntries(["content-type", "content-length", "etag", "cache-control", "x-content-type-options", "content-security-policy", "content-disposition"].map((name) => [name, response.headers.get(name)]))).toEqual({
      "content-type": "image/jpeg",
      "content-length": String(body.length),
      "etag": `"${photo.hash}"`,
      "cache-control": "private, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "content-disposition": "inline",
    });
  });

  test("HEAD sends the headers of GET without a body", async () => {
    const get = await getAsset(t, owner, photo.hash, { width: 128, accept: "image/webp" });
    const head = await getAsset(t, owner, photo.hash, { width: 128, accept: "image/webp", method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(get.headers.get("content-length"));
    expect(head.headers.get("etag")).toBe(get.headers.get("etag"));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });
});

describe("If-None-Match", () => {
  test("matching ETag is 304 with ETag and Cache-Control", async () => {
    const response = await getAsset(t, owner, photo.hash, { headers: { "if-none-match": `"${photo.hash}"` } });
    expect(response.status).toBe(304);
    expect(response.headers.get("etag")).toBe(`"${photo.hash}"`);
    expect(response.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  test("weak, listed and wildcard forms match", async () => {
    for (const header of [`W/"${photo.hash}"`, `"other", "${photo.hash}"`, "*"]) {
      expect({ header, status: (await getAsset(t, owner, photo.hash, { headers: { "if-none-match": header } })).status }).toEqual({ header, status: 304 });
    }
    expect((await getAsset(t, owner, photo.hash, { headers: { "if-none-match": '"other"' } })).status).toBe(200);
  });

  test("304 for a resized copy comes before any resizing", async () => {
    const image = await newPicture();
    const etag = `"${image.hash}-128.webp"`;
    const response = await getAsset(t, owner, image.hash, { width: 100, accept: "image/webp", headers: { "if-none-match": etag } });
    expect(response.status).toBe(304);
    expect(response.headers.get("etag")).toBe(etag);
    expect((await readdir(t.config.image.cachePath)).filter((name) => name.startsWith(image.hash))).toEqual([]);
  });

  test("a viewer without access gets 404, not 304", async () => {
    expect((await getAsset(t, stranger, photo.hash, { headers: { "if-none-match": "*" } })).status).toBe(404);
  });
});

describe("resized copies", () => {
  async function servedWidth(width: number | string, accept = "image/webp"): Promise<{ status: number; width?: number; etag: string | null }> {
    const response = await getAsset(t, owner, photo.hash, { width, accept });
    if (response.status !== 200) return { status: response.status, etag: null };
    const metadata = await new Bun.Image(new Uint8Array(await response.arrayBuffer())).metadata();
    return { status: 200, width: metadata.width, etag: response.headers.get("etag") };
  }

  test("widths are clamped to 20–4096 and rounded up to a served width", async () => {
    expect(await servedWidth(100)).toEqual({ status: 200, width: 128, etag: `"${photo.hash}-128.webp"` });
    expect(await servedWidth(1)).toEqual({ status: 200, width: 64, etag: `"${photo.hash}-64.webp"` });
    expect(await servedWidth(257)).toEqual({ status: 200, width: 384, etag: `"${photo.hash}-384.webp"` });
    expect(await servedWidth(512)).toEqual({ status: 200, width: 512, etag: `"${photo.hash}-512.webp"` });
  });

  test("widths at or above the original's get the original, never an enlargement", async () => {
    expect(await servedWidth(600)).toEqual({ status: 200, width: 640, etag: `"${photo.hash}"` });
    expect(await servedWidth(65_535)).toEqual({ status: 200, width: 640, etag: `"${photo.hash}"` });
    expect(await servedWidth(0)).toEqual({ status: 200, width: 640, etag: `"${photo.hash}"` });
  });

  test("width that is not a number is 400", async () => {
    expect((await servedWidth("wide")).status).toBe(400);
    expect((await servedWidth("-5")).status).toBe(400);
  });

  test("WebP when Accept allows it, else the stored format, with Vary: Accept", async () => {
    const cases: [string, string][] = [
      ["image/avif,image/webp,image/apng,*/*;q=0.8", "image/webp"],
      ["image/jpeg,*/*", "image/jpeg"],
      ["image/webp;q=0, */*", "image/jpeg"],
      ["", "image/jpeg"],
    ];
    for (const [accept, expected] of cases) {
      const response = await getAsset(t, owner, photo.hash, { width: 256, accept: accept || undefined });
      expect({ accept, type: response.headers.get("content-type") }).toEqual({ accept, type: expected });
      expect(response.headers.get("vary")).toContain("Accept");
    }
  });

  test("second request is served from the cache file", async () => {
    const image = await newPicture();
    const first = await getAsset(t, owner, image.hash, { width: 64, accept: "image/webp" });
    const firstBytes = new Uint8Array(await first.arrayBuffer());
    expect(await readdir(t.config.image.cachePath)).toContain(`${image.hash}-64.webp`);
    const second = await getAsset(t, owner, image.hash, { width: 64, accept: "image/webp" });
    expect(new Uint8Array(await second.arrayBuffer())).toEqual(firstBytes);
  });
});
