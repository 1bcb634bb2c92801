import { describe, expect, test } from "bun:test";
import { base32, contentHash, isContentHash } from "./content-hash.ts";
import { decodePngPixels } from "./png-pixels.ts";
import { encodeThumbHash } from "./thumbhash.ts";
import { encodeRgbaPng } from "./testing/unique-photo.ts";

/** Draw a deterministic picture with gradients, texture and optional holes in the alpha channel. */
function pattern(width: number, height: number, withAlpha: boolean): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 4;
      rgba[i] = (x * 255) / width;
      rgba[i + 1] = (y * 255) / height;
      rgba[i + 2] = (x * y) % 256;
      const hole = (x + y) % 3 === 0;
      rgba[i + 3] = !withAlpha ? 255 : hole ? 0 : 200;
    }
  }
  return rgba;
}

describe("encodeThumbHash", () => {
  // Expected values computed with the reference implementation (npm package thumbhash 0.1.1,
  // rgbaToThumbHash) on the same pixels.
  const cases: [number, number, boolean, string][] = [
    [100, 75, false, "HwgKLZpwdndwd3d3d2d3d5CACfiI"],
    [60, 100, false, "H/gJLBpwBnd3d3Z3d3eQgAn3eA=="],
    [100, 100, true, "HwiGHQ4IcHZwd3dnd4CACPh4BweoqHBwCg=="],
    [17, 5, true, "1CqGEY4IgIeAh3iAYQj3eJaWdnZaClU="],
    [1, 1, false, "AAgCBwAAAAAAAAAAAAAAAAAAAAAAAAAA"],
  ];
  for (const [width, height, withAlpha, expected] of cases) {
    test(`matches the reference for ${width}×${height}${withAlpha ? " with alpha" : ""}`, () => {
      expect(Buffer.from(encodeThumbHash(width, height, pattern(width, height, withAlpha))).toString("base64")).toBe(expected);
    });
  }

  test("rejects input over 100 pixels", () => {
    expect(() => encodeThumbHash(101, 1, new Uint8Array(404))).toThrow(RangeError);
  });
});

describe("contentHash", () => {
  test("base32 follows the RFC 4648 test vectors without padding", () => {
    const vectors: [string, string][] = [["", ""], ["f", "MY"], ["fo", "MZXQ"], ["foo", "MZXW6"], ["foob", "MZXW6YQ"], ["fooba", "MZXW6YTB"], ["foobar", "MZXW6YTBOI"]];
    for (const [input, expected] of vectors) expect(base32(new TextEncoder().encode(input))).toBe(expected);
  });

  test("hash is 52 base32 characters of the SHA-256", () => {
    const hash = contentHash(new TextEncoder().encode("abc"));
    expect(hash).toBe(base32(new Bun.CryptoHasher("sha256").update("abc").digest()));
    expect(isContentHash(hash)).toBe(true);
    expect(isContentHash("../etc/passwd")).toBe(false);
  });
});

describe("decodePngPixels", () => {
  test("reads back what Bun.Image encoded", async () => {
    const source = pattern(40, 30, true);
    // Bun.Image re-encodes with its own choice of row filters, which the decoder must undo.
    const png = await new Bun.Image(encodeRgbaPng(40, 30, source)).png().bytes();
    const decoded = decodePngPixels(png);
    expect(decoded.width).toBe(40);
    expect(decoded.height).toBe(30);
    expect(decoded.rgba).toEqual(source);
  });
});
