import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../log/logger.ts";
import { createTestApp } from "../testing/app.ts";
import { createTestUser } from "../testing/users.ts";
import { imageServicesFor } from "./image-services.ts";
import { ResizeCache } from "./resize-cache.ts";
import { getAsset, uploadImage } from "./testing/image-fixtures.ts";
import { uniquePhoto } from "./testing/unique-photo.ts";

const directories: string[] = [];
afterAll(() => Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true }))));

async function emptyDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "resize-cache-"));
  directories.push(directory);
  return directory;
}

async function cachedFiles(directory: string): Promise<string[]> {
  return (await readdir(directory, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
}

/** Wait for background eviction; polls because it runs on a timer after the write. */
async function settled(cache: ResizeCache): Promise<void> {
  for (let attempt = 0; attempt < 200 && cache.usedBytes > cache.maxBytes; attempt += 1) await Bun.sleep(5);
  await Bun.sleep(20);
}

describe("ResizeCache", () => {
  test("evicts the least recently used copies down to 90 % of the limit", async () => {
    const directory = await emptyDirectory();
    const cache = new ResizeCache(directory, 1000, silentLogger);
    await cache.ready;
    for (const key of ["a", "b", "c", "d"]) await cache.store(key, new Uint8Array(250));
    expect(cache.lookup("a")).toBeDefined(); // a is now the most recently used
    await cache.store("e", new Uint8Array(250));
    await settled(cache);
    expect(await cachedFiles(directory)).toEqual(["a", "d", "e"]);
    expect(cache.usedBytes).toBe(750);
    expect(cache.lookup("b")).toBeUndefined();
  });

  test("indexes files left by an earlier run, oldest modification first", async () => {
    const directory = await emptyDirectory();
    const now = Date.now() / 1000;
    for (const [name, age] of [["old", 300], ["middle", 200], ["recent", 100]] as const) {
      await writeFile(join(directory, name), new Uint8Array(400));
      await utimes(join(directory, name), now - age, now - age);
    }
    const cache = new ResizeCache(directory, 1000, silentLogger);
    await cache.ready;
    await settled(cache);
    expect(await cachedFiles(directory)).toEqual(["middle", "recent"]);
  });

  test("removes every copy of one image", async () => {
    const directory = await emptyDirectory();
    const cache = new ResizeCache(directory, 10_000, silentLogger);
    await cache.ready;
    await cache.store("HASHA-64.webp", new Uint8Array(10));
    await cache.store("HASHA-128.jpeg", new Uint8Array(10));
    await cache.store("HASHB-64.webp", new Uint8Array(10));
    await cache.removeImage("HASHA");
    expect(await cachedFiles(directory)).toEqual(["HASHB-64.webp"]);
    expect(cache.usedBytes).toBe(10);
  });
});

test("/assets keeps its cache under the configured size", async () => {
  const cachePath = await emptyDirectory();
  const t = await createTestApp((config) => {
    config.image.cachePath = cachePath;
    config.image.cacheMaxBytes = 180_000;
  });
  const owner = await createTestUser(t);
  const image = await uploadImage(t, owner, await uniquePhoto(1200));
  for (const width of [64, 128, 256, 384, 512, 768]) {
    expect((await getAsset(t, owner, image.hash, { width, accept: "image/webp" })).status).toBe(200);
  }
  const { cache } = imageServicesFor(t.deps);
  await settled(cache);
  const files = await cachedFiles(cachePath);
  const sizes = await Promise.all(files.map((name) => Bun.file(join(cachePath, name)).size));
  expect(sizes.reduce((sum, size) => sum + size, 0)).toBeLessThanOrEqual(180_000);
  // The six copies take about 207 kB here; the oldest go until 90 % of the limit is left.
  expect(files).toEqual([`${image.hash}-512.webp`, `${image.hash}-768.webp`]);
});
