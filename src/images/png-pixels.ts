import { inflateSync } from "node:zlib";

export interface RgbaPixels {
  width: number;
  height: number;
  /** `width × height` pixels, 4 bytes each (red, green, blue, alpha). */
  rgba: Uint8Array;
}

const channelsOfColourType: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/**
 * Decode a non-interlaced 8-bit PNG (grey, grey+alpha, RGB or RGBA) into RGBA. This is the
 * only raw pixel access Bun.Image offers: encode to PNG, then undo the PNG here. It is meant
 * for small pictures (ThumbHash input, tests), not for photos at full size.
 */
export function decodePngPixels(png: Uint8Array): RgbaPixels {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let width = 0;
  let height = 0;
  let channels = 0;
  const compressed: Uint8Array[] = [];
  for (let offset = 8; offset + 8 <= png.length; ) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      const bitDepth = data[8]!;
      const colourType = data[9]!;
      channels = channelsOfColourType[colourType] ?? 0;
      if (bitDepth !== 8 || channels === 0 || data[12] !== 0) {
        throw new Error(`unsupported PNG layout: bit depth ${bitDepth}, colour type ${colourType}, interlace ${data[12]}`);
      }
    } else if (type === "IDAT") {
      compressed.push(data);
    } else if (type === "IEND") {
      break;
    }
    offset += 12 + length;
  }
  if (width === 0 || height === 0) throw new Error("PNG has no IHDR chunk");

  const raw = inflateSync(Buffer.concat(compressed));
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new Error("PNG image data is shorter than its size");
  const rows = unfilter(raw, width, height, channels);
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i += 1) {
    const source = i * channels;
    const grey = channels <= 2;
    rgba[i * 4] = rows[source]!;
    rgba[i * 4 + 1] = grey ? rows[source]! : rows[source + 1]!;
    rgba[i * 4 + 2] = grey ? rows[source]! : rows[source + 2]!;
    let alpha = 255;
    if (channels === 4) alpha = rows[source + 3]!;
    else if (channels === 2) alpha = rows[source + 1]!;
    rgba[i * 4 + 3] = alpha;
  }
  return { width, height, rgba };
}

/** Undo the per-row PNG filters (None, Sub, Up, Average, Paeth). */
function unfilter(raw: Uint8Array, width: number, height: number, channels: number): Uint8Array {
  const stride = width * channels;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)]!;
    const input = y * (stride + 1) + 1;
    const row = y * stride;
    const previous = row - stride;
    for (let x = 0; x < stride; x += 1) {
      const left = x >= channels ? out[row + x - channels]! : 0;
      const up = y > 0 ? out[previous + x]! : 0;
      const upLeft = y > 0 && x >= channels ? out[previous + x - channels]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) predictor = paeth(left, up, upLeft);
      else if (filter !== 0) throw new Error(`unknown PNG filter ${filter} in row ${y}`);
      out[row + x] = (raw[input + x]! + predictor) & 255;
    }
  }
  return out;
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}
