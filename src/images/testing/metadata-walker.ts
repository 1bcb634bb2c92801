/**
 * Lists of the blocks inside image files, written from the format specifications so that
 * tests can prove what a stored file does and does not contain.
 */

export interface Block {
  /** JPEG: marker name plus APP identifier (`APP1 Exif`); PNG and WebP: the chunk type. */
  name: string;
  length: number;
}

const latin1 = (bytes: Uint8Array) => new TextDecoder("latin1").decode(bytes);

/** List every marker segment of a JPEG, including those after the first scan. */
export function jpegSegments(jpeg: Uint8Array): Block[] {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error("not a JPEG (no SOI)");
  const blocks: Block[] = [];
  let position = 2;
  while (position + 4 <= jpeg.length) {
    if (jpeg[position] !== 0xff) throw new Error(`JPEG marker expected at ${position}`);
    const marker = jpeg[position + 1]!;
    if (marker === 0xff) {
      position += 1;
      continue;
    }
    if (marker === 0xd9) {
      blocks.push({ name: "EOI", length: 0 });
      break;
    }
    if (marker >= 0xd0 && marker <= 0xd7) {
      position += 2;
      continue;
    }
    const length = (jpeg[position + 2]! << 8) | jpeg[position + 3]!;
    const payload = jpeg.subarray(position + 4, position + 2 + length);
    blocks.push({ name: jpegMarkerName(marker, payload), length });
    position += 2 + length;
    if (marker === 0xda) position = skipEntropyCodedData(jpeg, position);
  }
  return blocks;
}

function jpegMarkerName(marker: number, payload: Uint8Array): string {
  if (marker >= 0xe0 && marker <= 0xef) {
    const identifier = latin1(payload.subarray(0, 32)).split("\0")[0] ?? "";
    return `APP${marker - 0xe0} ${identifier}`.trim();
  }
  const names: Record<number, string> = { 0xc0: "SOF0", 0xc2: "SOF2", 0xc4: "DHT", 0xda: "SOS", 0xdb: "DQT", 0xdd: "DRI", 0xfe: "COM" };
  return names[marker] ?? `marker 0x${marker.toString(16)}`;
}

/** Scan data ends at the first 0xFF that is neither stuffing (FF00) nor a restart marker. */
function skipEntropyCodedData(jpeg: Uint8Array, position: number): number {
  while (position + 1 < jpeg.length) {
    if (jpeg[position] === 0xff) {
      const next = jpeg[position + 1]!;
      if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7)) return position;
    }
    position += 1;
  }
  return position;
}

export function pngChunks(png: Uint8Array): Block[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const blocks: Block[] = [];
  for (let position = 8; position + 8 <= png.length; ) {
    const length = view.getUint32(position);
    blocks.push({ name: latin1(png.subarray(position + 4, position + 8)), length });
    position += 12 + length;
  }
  return blocks;
}

export function webpChunks(webp: Uint8Array): Block[] {
  if (latin1(webp.subarray(0, 4)) !== "RIFF" || latin1(webp.subarray(8, 12)) !== "WEBP") throw new Error("not a WebP file");
  const view = new DataView(webp.buffer, webp.byteOffset, webp.byteLength);
  const blocks: Block[] = [];
  for (let position = 12; position + 8 <= webp.length; ) {
    const length = view.getUint32(position + 4, true);
    blocks.push({ name: latin1(webp.subarray(position, position + 4)), length });
    position += 8 + length + (length & 1);
  }
  return blocks;
}

/** List the blocks of any JPEG, PNG or WebP file. */
export function imageBlocks(bytes: Uint8Array): Block[] {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSegments(bytes);
  if (bytes[0] === 0x89 && latin1(bytes.subarray(1, 4)) === "PNG") return pngChunks(bytes);
  return webpChunks(bytes);
}

const allowedBlocks = new Set([
  // JPEG: JFIF header, ICC profile, tables, frame, scan, end
  "APP0 JFIF", "APP2 ICC_PROFILE", "DQT", "DHT", "SOF0", "SOF2", "SOS", "DRI", "EOI",
  // PNG: image data, colour information and transparency
  "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "iCCP", "sRGB", "gAMA", "cHRM", "sBIT", "pHYs",
  // WebP: header, colour profile, image data, alpha, animation
  "VP8X", "ICCP", "VP8 ", "VP8L", "ALPH", "ANIM", "ANMF",
]);

/** Blocks that may carry metadata (EXIF, XMP, IPTC, comments, text, maker notes), by name. */
export function metadataBlocks(bytes: Uint8Array): string[] {
  return imageBlocks(bytes)
    .map((block) => block.name)
    .filter((name) => !allowedBlocks.has(name));
}
