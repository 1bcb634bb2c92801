import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import { createRandom } from "./random.ts";

export interface SampleImage {
  hash: string;
  width: number;
  height: number;
}

function base32(bytes: Uint8Array): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  let output = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += alphabet[(value << (5 - bits)) & 31];
  return output;
}

/**
 * Write `count` distinct small JPEGs into an image store directory, named by the store's rule
 * (base32 of the SHA-256 of the bytes), and return their hashes in order. Only `baseCount`
 * colour gradients are encoded, because encoding is the slow part. Every file is one of them
 * with its own JPEG comment segment, so each has its own hash and file, as separate uploads do.
 */
export async function writeSampleImages(directory: string, count: number, seed: number, baseCount = 500): Promise<SampleImage[]> {
  await mkdir(directory, { recursive: true });
  const random = createRandom(seed);
  const width = 320;
  const height = 240;
  const bases: Uint8Array[] = [];
  for (let index = 0; index < Math.min(baseCount, count); index++) {
    const pixels = new Uint8Array(width * height * 4);
    const [red, green, blue] = [random.int(0, 255), random.int(0, 255), random.int(0, 255)];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const offset = (y * width + x) * 4;
        pixels[offset] = (red + x) & 255;
        pixels[offset + 1] = (green + y) & 255;
        pixels[offset + 2] = (blue + x + y) & 255;
        pixels[offset + 3] = 255;
      }
    }
    bases.push(await new Bun.Image(encodeRawAsPng(pixels, width, height)).jpeg({ quality: 80 }).bytes());
  }
  const samples: SampleImage[] = [];
  const batch: Promise<unknown>[] = [];
  for (let index = 0; index < count; index++) {
    const jpeg = withComment(bases[index % bases.length] as Uint8Array, `stashsphere benchmark image ${seed}/${index}`);
    const hash = base32(new Uint8Array(new Bun.CryptoHasher("sha256").update(jpeg).digest()));
    batch.push(writeFile(join(directory, hash), jpeg, { mode: 0o640 }));
    if (batch.length >= 256) await Promise.all(batch.splice(0));
    samples.push({ hash, width, height });
  }
  await Promise.all(batch);
  return samples;
}

/** Insert a COM segment containing `text` right after the JPEG's start-of-image marker. */
function withComment(jpeg: Uint8Array, text: string): Uint8Array {
  const comment = new TextEncoder().encode(text);
  const out = new Uint8Array(jpeg.length + 4 + comment.length);
  out.set(jpeg.subarray(0, 2));
  out.set([0xff, 0xfe, (comment.length + 2) >> 8, (comment.length + 2) & 255], 2);
  out.set(comment, 6);
  out.set(jpeg.subarray(2), 6 + comment.length);
  return out;
}

// Bun.Image reads encoded images only, so raw pixels are wrapped in a minimal PNG first.
function encodeRawAsPng(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const rows = new Uint8Array(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0;
    rows.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const header = new Uint8Array(13);
  const headerView = new DataView(header.buffer);
  headerView.setUint32(0, width);
  headerView.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8);
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", header),
    chunk("IDAT", new Uint8Array(deflateSync(rows))),
    chunk("IEND", new Uint8Array(0)),
  ];
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const png = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    png.set(part, offset);
    offset += part.length;
  }
  return png;
}
