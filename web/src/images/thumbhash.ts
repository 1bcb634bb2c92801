import { encodePng } from "./png.ts";

/**
 * ThumbHash decoding. A ThumbHash stores a photo's average colour and a few low-frequency
 * cosine coefficients of its luminance (L), two chroma channels (P, Q) and optionally alpha,
 * four bits each. Decoding evaluates that cosine series on a grid of at most 32×32 pixels.
 * Format by Evan Wallace (https://evanw.github.io/thumbhash/); this is our own implementation.
 */

export interface DecodedThumb {
  width: number;
  height: number;
  rgba: Uint8Array;
}

interface Header {
  hasAlpha: boolean;
  lx: number;
  ly: number;
}

function readHeader(hash: Uint8Array): Header & { header24: number; header16: number } {
  const header24 = hash[0]! | (hash[1]! << 8) | (hash[2]! << 16);
  const header16 = hash[3]! | (hash[4]! << 8);
  const hasAlpha = header24 >> 23 === 1;
  const isLandscape = header16 >> 15 === 1;
  const lx = Math.max(3, isLandscape ? (hasAlpha ? 5 : 7) : header16 & 7);
  const ly = Math.max(3, isLandscape ? header16 & 7 : hasAlpha ? 5 : 7);
  return { header24, header16, hasAlpha, lx, ly };
}

/** Width divided by height of the original picture, as far as the hash records it. */
export function thumbHashAspectRatio(hash: Uint8Array): number {
  const { lx, ly } = readHeader(hash);
  return lx / ly;
}

/** Decode a ThumbHash into RGBA pixels. Throws a RangeError when the hash is too short. */
export function decodeThumbHash(hash: Uint8Array): DecodedThumb {
  if (hash.length < 5) throw new RangeError(`a ThumbHash has at least 5 bytes, got ${hash.length}`);
  const { header24, header16, hasAlpha, lx, ly } = readHeader(hash);
  const lDc = (header24 & 63) / 63;
  const pDc = ((header24 >> 6) & 63) / 31.5 - 1;
  const qDc = ((header24 >> 12) & 63) / 31.5 - 1;
  const lScale = ((header24 >> 18) & 31) / 31;
  const pScale = ((header16 >> 3) & 63) / 63;
  const qScale = ((header16 >> 9) & 63) / 63;
  const aDc = hasAlpha ? (hash[5]! & 15) / 15 : 1;
  const aScale = hasAlpha ? (hash[5]! >> 4) / 15 : 0;

  // AC coefficients follow the header as 4-bit values, low nibble first, channel after channel.
  const acStart = hasAlpha ? 6 : 5;
  let acIndex = 0;
  const readChannel = (nx: number, ny: number, scale: number) => {
    const values: number[] = [];
    for (let cy = 0; cy < ny; cy++) {
      for (let cx = cy ? 0 : 1; cx * ny < nx * (ny - cy); cx++) {
        const byte = hash[acStart + (acIndex >> 1)] ?? 0;
        const nibble = (byte >> ((acIndex & 1) << 2)) & 15;
        acIndex++;
        values.push((nibble / 7.5 - 1) * scale);
      }
    }
    return values;
  };
  const lAc = readChannel(lx, ly, lScale);
  const pAc = readChannel(3, 3, pScale * 1.25);
  const qAc = readChannel(3, 3, qScale * 1.25);
  const aAc = hasAlpha ? readChannel(5, 5, aScale) : [];

  const ratio = lx / ly;
  const width = Math.round(ratio > 1 ? 32 : 32 * ratio);
  const height = Math.round(ratio > 1 ? 32 / ratio : 32);
  const rgba = new Uint8Array(width * height * 4);
  const fx: number[] = [];
  const fy: number[] = [];
  const nx = Math.max(lx, hasAlpha ? 5 : 3);
  const ny = Math.max(ly, hasAlpha ? 5 : 3);

  for (let y = 0, offset = 0; y < height; y++) {
    for (let cy = 0; cy < ny; cy++) fy[cy] = Math.cos((Math.PI / height) * (y + 0.5) * cy);
    for (let x = 0; x < width; x++, offset += 4) {
      for (let cx = 0; cx < nx; cx++) fx[cx] = Math.cos((Math.PI / width) * (x + 0.5) * cx);
      let l = lDc;
      let p = pDc;
      let q = qDc;
      let a = aDc;
      for (let cy = 0, j = 0; cy < ly; cy++) {
        const fy2 = fy[cy]! * 2;
        for (let cx = cy ? 0 : 1; cx * ly < lx * (ly - cy); cx++, j++) l += lAc[j]! * fx[cx]! * fy2;
      }
      for (let cy = 0, j = 0; cy < 3; cy++) {
        const fy2 = fy[cy]! * 2;
        for (let cx = cy ? 0 : 1; cx < 3 - cy; cx++, j++) {
          const f = fx[cx]! * fy2;
          p += pAc[j]! * f;
          q += qAc[j]! * f;
        }
      }
      if (hasAlpha) {
        for (let cy = 0, j = 0; cy < 5; cy++) {
          const fy2 = fy[cy]! * 2;
          for (let cx = cy ? 0 : 1; cx < 5 - cy; cx++, j++) a += aAc[j]! * fx[cx]! * fy2;
        }
      }
      // Convert from the LPQ colour space back to RGB.
      const b = l - (2 / 3) * p;
      const r = (3 * l - b + q) / 2;
      const g = r - q;
      rgba[offset] = Math.max(0, 255 * Math.min(1, r));
      rgba[offset + 1] = Math.max(0, 255 * Math.min(1, g));
      rgba[offset + 2] = Math.max(0, 255 * Math.min(1, b));
      rgba[offset + 3] = Math.max(0, 255 * Math.min(1, a));
    }
  }
  return { width, height, rgba };
}

const dataUrlCache = new Map<string, string>();

/** Decode a base64 ThumbHash to a PNG data URL; undefined for a hash that cannot be decoded. */
export function thumbHashToDataUrl(base64: string): string | undefined {
  const cached = dataUrlCache.get(base64);
  if (cached) return cached;
  try {
    const hash = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const { width, height, rgba } = decodeThumbHash(hash);
    const png = encodePng(width, height, rgba);
    let binary = "";
    for (const byte of png) binary += String.fromCharCode(byte);
    const url = `data:image/png;base64,${btoa(binary)}`;
    if (dataUrlCache.size > 500) dataUrlCache.clear();
    dataUrlCache.set(base64, url);
    return url;
  } catch {
    return undefined;
  }
}
