import { decodePngPixels, type RgbaPixels } from "../png-pixels.ts";

/** Decode any image Bun.Image reads, scaled to `width` pixels wide, into RGBA. */
export async function decodeScaled(bytes: Uint8Array, width: number): Promise<RgbaPixels> {
  const png = await new Bun.Image(bytes).resize(width).png({ compressionLevel: 1 }).bytes();
  return decodePngPixels(png);
}

/**
 * Compute the mean absolute difference per colour channel, 0 (same) to 255, after removing
 * each channel's average offset. Copies of a photo exported with different colour handling
 * differ in overall brightness, which does not matter when checking which way up they are.
 */
export function meanAbsoluteDifference(a: RgbaPixels, b: RgbaPixels): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`sizes differ: ${a.width}×${a.height} and ${b.width}×${b.height}`);
  const pixels = a.width * a.height;
  let sum = 0;
  for (let channel = 0; channel < 3; channel += 1) {
    let offset = 0;
    for (let i = channel; i < a.rgba.length; i += 4) offset += a.rgba[i]! - b.rgba[i]!;
    offset /= pixels;
    for (let i = channel; i < a.rgba.length; i += 4) sum += Math.abs(a.rgba[i]! - b.rgba[i]! - offset);
  }
  return sum / (pixels * 3);
}
