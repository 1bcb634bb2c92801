import { beforeAll, describe, expect, test } from "bun:test";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sql } from "../db/sql.ts";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser } from "../testing/users.ts";
import { contentHash } from "./content-hash.ts";
import { imageServicesFor } from "./image-services.ts";
import { removeUnusedImageFiles } from "./remove-unused-image-files.ts";
import { storeUploadedImage } from "./store-uploaded-image.ts";
import { uploadImage } from "./testing/image-fixtures.ts";
import { uniquePhoto } from "./testing/unique-photo.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

const storedFile = (hash: string) => Bun.file(join(t.config.image.path, hash));

describe("removeUnusedImageFiles", () => {
  test("account deletion keeps shared files", async () => {
    const leaving = await createTestUser(t);
    const staying = await createTestUser(t);
    const shared = await uniquePhoto();
    const sharedImage = await uploadImage(t, leaving, shared);
    await uploadImage(t, staying, shared);
    const ownImage = await uploadImage(t, leaving, await uniquePhoto());

    const hashes = (await t.db.query<{ hash: string }>(sql`select hash from images where owner_id = ${leaving.id}`)).map((row) => row.hash);
    await t.db.query(sql`delete from users where id = ${leaving.id}`);
    const removed = await removeUnusedImageFiles(t.deps, hashes);

    expect(removed).toEqual([ownImage.hash]);
    expect(await storedFile(ownImage.hash).exists()).toBe(false);
    expect(await storedFile(sharedImage.hash).exists()).toBe(true);
  });

  test("treats an already missing file as removed", async () => {
    const hash = contentHash(crypto.getRandomValues(new Uint8Array(16)));
    expect(await removeUnusedImageFiles(t.deps, [hash])).toEqual([hash]);
  });

  test("skips strings that are not content hashes", async () => {
    expect(await removeUnusedImageFiles(t.deps, ["../../etc/passwd"])).toEqual([]);
  });
});

describe("storeUploadedImage", () => {
  test("removes the stored file again when its row cannot be inserted", async () => {
    const bytes = await uniquePhoto();
    const tempDirectory = imageServicesFor(t.deps).store.tempDirectory;
    const upload = join(tempDirectory, "failing.upload");
    await writeFile(upload, bytes);
    const before = await readdir(t.config.image.path);
    // No such user: the foreign key rejects the row after the file is in the store.
    const attempt = storeUploadedImage(t.deps, "no-such-user", { path: upload, size: bytes.length, fileName: "a.jpg", head: bytes.subarray(0, 4100) });
    expect(await attempt.then(() => "stored", () => "failed")).toBe("failed");
    expect((await readdir(t.config.image.path)).sort()).toEqual(before.sort());
    expect(await readdir(tempDirectory)).toEqual(["failing.upload"]);
  });
});
