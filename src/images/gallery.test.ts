import { beforeAll, describe, expect, test } from "bun:test";
import { newId } from "../db/ids.ts";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser, makeFriends, type TestUser } from "../testing/users.ts";
import { attachImageToThing, createThing, getAsset, setProfilePicture, uploadImage, type UploadedImage } from "./testing/image-fixtures.ts";
import { metadataBlocks } from "./testing/metadata-walker.ts";
import { decodeScaled, meanAbsoluteDifference } from "./testing/pixels.ts";
import { uniquePhoto } from "./testing/unique-photo.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

type GalleryPage = { images: (UploadedImage & { actions: { canDelete: boolean }; things: { id: string; quantity: number; privateNote: string | null }[] })[]; totalCount: number; totalPageCount: number; page: number; perPage: number };

async function gallery(user: TestUser, query = ""): Promise<GalleryPage> {
  const response = await t.request("GET", `/api/images${query}`, { cookie: user.cookie });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`gallery request failed with status ${response.status}: ${body}`);
  return JSON.parse(body) as GalleryPage;
}

/** Create an image on a thing the owner shares with a friend, and a stranger who cannot see it. */
async function imageSharedWithFriend() {
  const owner = await createTestUser(t);
  const friend = await createTestUser(t);
  const stranger = await createTestUser(t);
  await makeFriends(t, owner, friend);
  const image = await uploadImage(t, owner, await uniquePhoto());
  await attachImageToThing(t, await createThing(t, owner, "friends"), image.id);
  return { owner, friend, stranger, image };
}

describe("GET /api/images", () => {
  test("lists own images oldest first with things, real quantities and canDelete", async () => {
    const owner = await createTestUser(t);
    const other = await createTestUser(t);
    const first = await uploadImage(t, owner, await uniquePhoto());
    t.clock.advance(1000);
    const second = await uploadImage(t, owner, await uniquePhoto());
    t.clock.advance(1000);
    const third = await uploadImage(t, owner, await uniquePhoto());
    await uploadImage(t, other, await uniquePhoto());
    const thingId = await createThing(t, owner, "private");
    await t.db.query(sql`update things set private_note = 'in the shed' where id = ${thingId}`);
    await t.db.query(sql`insert into quantity_entries (id, thing_id, delta_value) values (${newId()}, ${thingId}, 5), (${newId()}, ${thingId}, -2)`);
    await attachImageToThing(t, thingId, second.id);
    await setProfilePicture(t, owner, third.id);

    const page = await gallery(owner);
    expect(page.images.map((image) => image.id)).toEqual([first.id, second.id, third.id]);
    expect(page.images.map((image) => image.actions.canDelete)).toEqual([true, false, false]);
    expect(page.images[1]!.things).toMatchObject([{ id: thingId, quantity: 3, privateNote: "in the shed" }]);
    expect(page.images[0]).toMatchObject({ thumbhash: first.thumbhash, width: first.width, height: first.height, owner: { id: owner.id } });
    expect({ totalCount: page.totalCount, totalPageCount: page.totalPageCount, page: page.page, perPage: page.perPage }).toEqual({ totalCount: 3, totalPageCount: 1, page: 0, perPage: 50 });
  });

  test("onlyUnassigned leaves out images on things and profile pictures", async () => {
    const owner = await createTestUser(t);
    const free = await uploadImage(t, owner, await uniquePhoto());
    const onThing = await uploadImage(t, owner, await uniquePhoto());
    const avatar = await uploadImage(t, owner, await uniquePhoto());
    await attachImageToThing(t, await createThing(t, owner), onThing.id);
    await setProfilePicture(t, owner, avatar.id);
    // Someone else's profile without a picture made the original fail with 500 here.
    await t.db.query(sql`insert into profiles (id, full_name, information, user_id) values (${newId()}, 'No Picture', '', ${(await createTestUser(t)).id})`);

    const page = await gallery(owner, "?onlyUnassigned=true");
    expect(page.images.map((image) => image.id)).toEqual([free.id]);
    expect(page.totalCount).toBe(1);
  });

  test("pages, with the total beyond the last page", async () => {
    const owner = await createTestUser(t);
    for (let i = 0; i < 3; i += 1) await uploadImage(t, owner, await uniquePhoto());
    const second = await gallery(owner, "?perPage=2&page=1");
    expect({ count: second.images.length, totalCount: second.totalCount, totalPageCount: second.totalPageCount }).toEqual({ count: 1, totalCount: 3, totalPageCount: 2 });
    const beyond = await gallery(owner, "?perPage=2&page=5");
    expect({ count: beyond.images.length, totalCount: beyond.totalCount }).toEqual({ count: 0, totalCount: 3 });
  });

  test("invalid query values are 400 and anonymous is 401", async () => {
    const owner = await createTestUser(t);
    expect((await t.request("GET", "/api/images?onlyUnassigned=maybe", { cookie: owner.cookie })).status).toBe(400);
    expect((await t.request("GET", "/api/images?perPage=-1", { cookie: owner.cookie })).status).toBe(400);
    expect((await t.request("GET", "/api/images")).status).toBe(401);
  });
});

describe("PATCH /api/images/:id", () => {
  test("rotates counter-clockwise under a new hash and removes the old file", async () => {
    const owner = await createTestUser(t);
    const source = await uniquePhoto(300);
    const image = await uploadImage(t, owner, source);
    const response = await t.request("PATCH", `/api/images/${image.id}`, { cookie: owner.cookie, body: { rotation: 90 } });
    expect(response.status).toBe(200);
    const rotated = (await response.json()) as UploadedImage;
    expect(rotated).toMatchObject({ id: image.id, mime: "image/jpeg", width: 225, height: 300 });
    expect(rotated.hash).not.toBe(image.hash);
    expect(rotated.thumbhash).not.toBe(image.thumbhash);
    expect(await Bun.file(`${t.config.image.path}/${image.hash}`).exists()).toBe(false);

    const served = new Uint8Array(await (await getAsset(t, owner, rotated.hash)).arrayBuffer());
    expect(metadataBlocks(served)).toEqual([]);
    // Counter-clockwise by 90 is clockwise by 270.
    const expected = await decodeScaled(await new Bun.Image(source).rotate(270).jpeg().bytes(), 45);
    expect(meanAbsoluteDifference(await decodeScaled(served, 45), expected)).toBeLessThan(6);
  });

  test("keeps the old file while another row uses it", async () => {
    const owner = await createTestUser(t);
    const other = await createTestUser(t);
    const bytes = await uniquePhoto();
    const image = await uploadImage(t, owner, bytes);
    await uploadImage(t, other, bytes);
    expect((await t.request("PATCH", `/api/images/${image.id}`, { cookie: owner.cookie, body: { rotation: 180 } })).status).toBe(200);
    expect(await Bun.file(`${t.config.image.path}/${image.hash}`).exists()).toBe(true);
  });

  test("other rotations are 400 naming the field", async () => {
    const owner = await createTestUser(t);
    const image = await uploadImage(t, owner, await uniquePhoto());
    for (const body of [{ rotation: 45 }, { rotation: "90" }, {}, { rotation: 360 }]) {
      const response = await t.request("PATCH", `/api/images/${image.id}`, { cookie: owner.cookie, body });
      const error = (await response.json()) as { field?: string };
      expect({ body, status: response.status, field: error.field }).toEqual({ body, status: 400, field: "rotation" });
    }
  });

  test("rotation by others is 403 or 404", async () => {
    const { owner, friend, stranger, image } = await imageSharedWithFriend();
    const patch = (user: TestUser, id: string) => t.request("PATCH", `/api/images/${id}`, { cookie: user.cookie, body: { rotation: 90 } });
    expect((await patch(owner, "no-such-image")).status).toBe(404);
    expect((await patch(friend, image.id)).status).toBe(403);
    expect((await patch(stranger, image.id)).status).toBe(404);
  });
});

describe("DELETE /api/images/:id", () => {
  test("deletes an unused image and its file, answering the reduced image", async () => {
    const owner = await createTestUser(t);
    const image = await uploadImage(t, owner, await uniquePhoto());
    await getAsset(t, owner, image.hash, { width: 64, accept: "image/webp" });
    const response = await t.request("DELETE", `/api/images/${image.id}`, { cookie: owner.cookie });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: image.id, hash: image.hash });
    expect(await Bun.file(`${t.config.image.path}/${image.hash}`).exists()).toBe(false);
    expect(await Bun.file(`${t.config.image.cachePath}/${image.hash}-64.webp`).exists()).toBe(false);
    expect((await t.request("DELETE", `/api/images/${image.id}`, { cookie: owner.cookie })).status).toBe(404);
  });

  test("image on a thing or used as profile picture is 409", async () => {
    const owner = await createTestUser(t);
    const onThing = await uploadImage(t, owner, await uniquePhoto());
    const avatar = await uploadImage(t, owner, await uniquePhoto());
    await attachImageToThing(t, await createThing(t, owner), onThing.id);
    await setProfilePicture(t, owner, avatar.id);
    for (const image of [onThing, avatar]) {
      const response = await t.request("DELETE", `/api/images/${image.id}`, { cookie: owner.cookie });
      expect(response.status).toBe(409);
      expect(((await response.json()) as { message: string }).message).toBe("Entity is currently in use");
    }
  });

  test("missing file does not stop the deletion", async () => {
    const owner = await createTestUser(t);
    const image = await uploadImage(t, owner, await uniquePhoto());
    await Bun.file(`${t.config.image.path}/${image.hash}`).delete();
    expect((await t.request("DELETE", `/api/images/${image.id}`, { cookie: owner.cookie })).status).toBe(200);
  });

  test("deletion by others is 403 or 404", async () => {
    const { owner, friend, stranger, image } = await imageSharedWithFriend();
    expect((await t.request("DELETE", `/api/images/${image.id}`, { cookie: friend.cookie })).status).toBe(403);
    expect((await t.request("DELETE", `/api/images/${image.id}`, { cookie: stranger.cookie })).status).toBe(404);
    expect((await t.request("DELETE", `/api/images/${image.id}`)).status).toBe(401);
  });
});
