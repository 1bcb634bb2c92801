import { describe, expect, test } from "bun:test";
import { decodeThumbHash, thumbHashAspectRatio, thumbHashToDataUrl } from "./thumbhash.ts";

/**
 * A reference encoder for the ThumbHash format, used only to make test hashes from pictures
 * whose colours the test knows: average colour in the header, DCT coefficients as nibbles.
 */
function encodeThumbHash(width: number, height: number, rgba: Uint8Array): Uint8Array {
  let avgR = 0;
  let avgG = 0;
  let avgB = 0;
  let avgA = 0;
  for (let i = 0; i < width * height; i++) {
    const alpha = rgba[i * 4 + 3]! / 255;
    avgR += (alpha / 255) * rgba[i * 4]!;
    avgG += (alpha / 255) * rgba[i * 4 + 1]!;
    avgB += (alpha / 255) * rgba[i * 4 + 2]!;
    avgA += alpha;
  }
  if (avgA) {
    avgR /= avgA;
    avgG /= avgA;
    avgB /= avgA;
  }
  const hasAlpha = avgA < width * height;
  const limit = hasAlpha ? 5 : 7;
  const lx = Math.max(1, Math.round((limit * width) / Math.max(width, height)));
  const ly = Math.max(1, Math.round((limit * height) / Math.max(width, height)));
  const l: number[] = [];
  const p: number[] = [];
  const q: number[] = [];
  const a: number[] = [];
  for (let i = 0; i < width * height; i++) {
    const alpha = rgba[i * 4 + 3]! / 255;
    const r = avgR * (1 - alpha) + (alpha / 255) * rgba[i * 4]!;
    const g = avgG * (1 - alpha) + (alpha / 255) * rgba[i * 4 + 1]!;
    const b = avgB * (1 - alpha) + (alpha / 255) * rgba[i * 4 + 2]!;
    l.push((r + g + b) / 3);
    p.push((r + g) / 2 - b);
    q.push(r - g);
    a.push(alpha);
  }
  const encodeChannel = (channel: number[], nx: number, ny: number): [number, number[], number] => {
    let dc = 0;
    const ac: number[] = [];
    let scale = 0;
    for (let cy = 0; cy < ny; cy++) {
      for (let cx = 0; cx * ny < nx * (ny - cy); cx++) {
        let f = 0;
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            f += channel[x + y * width]! * Math.cos((Math.PI / width) * cx * (x + 0.5)) * Math.cos((Math.PI / height) * cy * (y + 0.5));
          }
        }
        f /= width * height;
        if (cx || cy) {
          ac.push(f);
          scale = Math.max(scale, Math.abs(f));
        } else {
          dc = f;
        }
      }
    }
    return [dc, scale ? ac.map((value) => 0.5 + (0.5 / scale) * value) : ac, scale];
  };
  const [lDc, lAc, lScale] = encodeChannel(l, Math.max(3, lx), Math.max(3, ly));
  const [pDc, pAc, pScale] = encodeChannel(p, 3, 3);
  const [qDc, qAc, qScale] = encodeChannel(q, 3, 3);
  const [aDc, aAc, aScale] = hasAlpha ? encodeChannel(a, 5, 5) : [1, [], 0];
  const isLandscape = width > height;
  const header24 = Math.round(63 * lDc) | (Math.round(31.5 + 31.5 * pDc) << 6) | (Math.round(31.5 + 31.5 * qDc) << 12) | (Math.round(31 * lScale) << 18) | ((hasAlpha ? 1 : 0) << 23);
  const header16 = (isLandscape ? ly : lx) | (Math.round(63 * pScale) << 3) | (Math.round(63 * qScale) << 9) | ((isLandscape ? 1 : 0) << 15);
  const hash = [header24 & 255, (header24 >> 8) & 255, header24 >> 16, header16 & 255, header16 >> 8];
  if (hasAlpha) hash.push(Math.round(15 * aDc) | (Math.round(15 * aScale) << 4));
  const acStart = hash.length;
  let acIndex = 0;
  for (const ac of hasAlpha ? [lAc, pAc, qAc, aAc] : [lAc, pAc, qAc]) {
    for (const f of ac) {
      const at = acStart + (acIndex >> 1);
      hash[at] = (hash[at] ?? 0) | (Math.round(15 * f) << ((acIndex++ & 1) << 2));
    }
  }
  return Uint8Array.from(hash);
}

function picture(width: number, height: number, colourAt: (x: number, y: number) => [number, number, number, number]): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgba.set(colourAt(x, y), (y * width + x) * 4);
  return rgba;
}

const pixel = (decoded: { width: number; rgba: Uint8Array }, x: number, y: number) => [...decoded.rgba.subarray((y * decoded.width + x) * 4, (y * decoded.width + x) * 4 + 4)];

describe("decodeThumbHash", () => {
  test("solid colour decodes to that colour everywhere", () => {
    const hash = encodeThumbHash(16, 16, picture(16, 16, () => [200, 100, 50, 255]));
    const decoded = decodeThumbHash(hash);
    expect(decoded.width).toBe(32);
    expect(decoded.height).toBe(32);
    for (const [x, y] of [[0, 0], [31, 0], [16, 16], [0, 31], [31, 31]] as const) {
      const [r, g, b, a] = pixel(decoded, x, y);
      expect(Math.abs(r! - 200)).toBeLessThan(10);
      expect(Math.abs(g! - 100)).toBeLessThan(10);
      expect(Math.abs(b! - 50)).toBeLessThan(10);
      expect(a).toBe(255);
    }
  });

  test("landscape picture keeps its shape and colour layout", () => {
    const hash = encodeThumbHash(40, 20, picture(40, 20, (x) => (x < 20 ? [230, 20, 20, 255] : [20, 20, 230, 255])));
    expect(thumbHashAspectRatio(hash)).toBeCloseTo(7 / 4);
    const decoded = decodeThumbHash(hash);
    expect(decoded.width).toBe(32);
    expect(decoded.height).toBe(18);
    const [leftR, , leftB] = pixel(decoded, 2, 9);
    const [rightR, , rightB] = pixel(decoded, 29, 9);
    expect(leftR! - leftB!).toBeGreaterThan(100);
    expect(rightB! - rightR!).toBeGreaterThan(100);
  });

  test("portrait picture with transparency decodes alpha", () => {
    const hash = encodeThumbHash(10, 20, picture(10, 20, (_x, y) => (y < 10 ? [0, 160, 0, 255] : [0, 160, 0, 0])));
    const decoded = decodeThumbHash(hash);
    expect(decoded.height).toBe(32);
    expect(decoded.width).toBeLessThan(32);
    expect(pixel(decoded, 3, 2)[3]).toBeGreaterThan(200);
    expect(pixel(decoded, 3, 30)[3]).toBeLessThan(60);
  });

  test("too short a hash is rejected", () => {
    expect(() => decodeThumbHash(new Uint8Array([1, 2, 3]))).toThrow(RangeError);
  });
});

describe("thumbHashToDataUrl", () => {
  test("returns a PNG data URL", () => {
    const hash = encodeThumbHash(8, 8, picture(8, 8, () => [10, 20, 30, 255]));
    const url = thumbHashToDataUrl(btoa(String.fromCharCode(...hash)));
    expect(url?.startsWith("data:image/png;base64,iVBORw0KGgo")).toBe(true);
  });

  test("invalid base64 gives undefined", () => {
    expect(thumbHashToDataUrl("***")).toBeUndefined();
  });
});
