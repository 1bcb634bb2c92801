import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isLosslessWebp, readHeaderSize } from "./image-header.ts";
import { jpegClaimingSize, pngClaimingSize } from "./testing/forge-images.ts";
import { photoFixturesDirectory, readPhotoFixture } from "./testing/photo-fixtures.ts";

const directory = await mkdtemp(join(tmpdir(), "image-header-"));
afterAll(() => rm(directory, { recursive: true, force: true }));

async function saved(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, bytes);
  return path;
}

describe("readHeaderSize", () => {
  test("reads the frame header of camera JPEGs behind large EXIF blocks", async () => {
    expect(await readHeaderSize(join(photoFixturesDirectory, "gps_DSCN0010.jpg"), "jpeg")).toEqual({ width: 640, height: 480 });
    expect(await readHeaderSize(join(photoFixturesDirectory, "xmp_BlueSquare.jpg"), "jpeg")).toEqual({ width: 360, height: 216 });
    // Stored sideways: the header has the sensor's size, before the EXIF orientation.
    expect(await readHeaderSize(join(photoFixturesDirectory, "orientation_landscape_6.jpg"), "jpeg")).toEqual({ width: 450, height: 600 });
  });

  test("reads forged headers claiming huge canvases", async () => {
    expect(await readHeaderSize(await saved("bomb.jpg", jpegClaimingSize(21_600, 21_600)), "jpeg")).toEqual({ width: 21_600, height: 21_600 });
    expect(await readHeaderSize(await saved("bomb.png", pngClaimingSize(16_384, 16_384)), "png")).toEqual({ width: 16_384, height: 16_384 });
  });

  test("reads PNG, GIF and all three WebP layouts", async () => {
    const photo = await readPhotoFixture("Canon_40D.jpg"); // 100×68, with an ICC profile
    const png = await new Bun.Image(photo).png().bytes();
    const lossy = await new Bun.Image(photo).webp().bytes(); // VP8X, because of the profile
    const lossless = await new Bun.Image(photo).webp({ lossless: true }).bytes();
    const simple = await new Bun.Image(await readPhotoFixture("gps_DSCN0010.jpg")).resize(64).webp().bytes(); // no profile: plain VP8
    const gif = Uint8Array.from(atob("R0lGODlhAgACAIAAAP8AAAAA/ywAAAAAAgACAAACAoRRADs="), (c) => c.charCodeAt(0));
    expect(await readHeaderSize(await saved("a.png", png), "png")).toEqual({ width: 100, height: 68 });
    expect(await readHeaderSize(await saved("a.webp", lossy), "webp")).toEqual({ width: 100, height: 68 });
    expect(await readHeaderSize(await saved("b.webp", lossless), "webp")).toEqual({ width: 100, height: 68 });
    expect(new TextDecoder().decode(simple.subarray(12, 16))).toBe("VP8 ");
    expect(await readHeaderSize(await saved("c.webp", simple), "webp")).toEqual({ width: 64, height: 48 });
    expect(await readHeaderSize(await saved("a.gif", gif), "gif")).toEqual({ width: 2, height: 2 });
  });

  test("returns null for a JPEG without a frame header", async () => {
    expect(await readHeaderSize(await saved("cut.jpg", new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0])), "jpeg")).toBeNull();
  });
});

describe("isLosslessWebp", () => {
  test("tells VP8L from VP8 inside extended files", async () => {
    const photo = await readPhotoFixture("Canon_40D.jpg");
    expect(await isLosslessWebp(await saved("l.webp", await new Bun.Image(photo).webp({ lossless: true }).bytes()))).toBe(true);
    expect(await isLosslessWebp(await saved("q.webp", await new Bun.Image(photo).webp().bytes()))).toBe(false);
  });
});
