import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestApp, type TestApp } from "../testing/app.ts";
import { createTestUser } from "../testing/users.ts";
import { contentHash } from "./content-hash.ts";
import { removeOrphanedImageFiles } from "./remove-orphaned-image-files.ts";
import { uploadImage } from "./testing/image-fixtures.ts";
import { uniquePhoto } from "./testing/unique-photo.ts";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

describe("removeOrphanedImageFiles", () => {
  test("removes files without a row and keeps those with one", async () => {
    const user = await createTestUser(t);
    const kept = await uploadImage(t, user, await uniquePhoto());
    const orphan = contentHash(crypto.getRandomValues(new Uint8Array(16)));
    await writeFile(join(t.config.image.path, orphan), "left behind by a crash");

    const report = await removeOrphanedImageFiles(t.deps);

    expect(report.removed).toEqual([orphan]);
    expect(report.checked).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(t.config.image.path, orphan))).toBe(false);
    expect(existsSync(join(t.config.image.path, kept.hash))).toBe(true);
  });

  test("leaves files that are not named by a content hash", async () => {
    await writeFile(join(t.config.image.path, "README"), "not an image");

    await removeOrphanedImageFiles(t.deps);

    expect(existsSync(join(t.config.image.path, "README"))).toBe(true);
  });
});
