import { deflateSync } from "node:zlib";
import { readPhotoFixture } from "./photo-fixtures.ts";
import { decodeScaled } from "./pixels.ts";

/** Build an RGBA PNG by hand, every row with filter 0. */
export function encodeRgbaPng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const rows = new Uint8Array(height * (width * 4 + 1));
  for (let y = 0; y < height; y += 1) rows.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    view.setUint32(8 + data.length, Bun.hash.crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, width);
  new DataView(header.buffer).setUint32(4, height);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  const signature = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(rows)), chunk("IEND", new Uint8Array())]);
}

/**
 * A photo (the upright orientation fixture, `width` pixels wide) as JPEG whose first row
 * starts with random pixels. Tests share one database and files are content-addressed, so a
 * test that counts rows or files per hash needs bytes no other test uploads.
 */
export async function uniquePhoto(width = 200): Promise<Uint8Array> {
  const picture = await decodeScaled(await readPhotoFixture("orientation_landscape_1.jpg"), width);
  crypto.getRandomValues(picture.rgba.subarray(0, 64));
  for (let i = 3; i < 64; i += 4) picture.rgba[i] = 255;
  return new Bun.Image(encodeRgbaPng(picture.width, picture.height, picture.rgba)).jpeg({ quality: 95 }).bytes();
}
