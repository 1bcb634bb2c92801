import { open, type FileHandle } from "node:fs/promises";

export interface HeaderSize {
  width: number;
  height: number;
}

/**
 * Read an image's pixel size from its header without decoding it, so that a small file that
 * claims a huge canvas (a decompression bomb) is rejected before any pixel memory is
 * allocated. Returns null when the header is not where the format puts it.
 */
export async function readHeaderSize(path: string, format: "jpeg" | "png" | "webp" | "gif"): Promise<HeaderSize | null> {
  const file = await open(path, "r");
  try {
    if (format === "jpeg") return await readJpegSize(file);
    const head = await readAt(file, 0, 32);
    if (format === "png") return readPngSize(head);
    if (format === "gif") return readGifSize(head);
    return readWebpSize(head);
  } finally {
    await file.close();
  }
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;

// Start-of-frame markers carry the size: SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** Walk the JPEG segments by their lengths, reading 4 bytes per segment, up to the frame header. */
async function readJpegSize(file: FileHandle): Promise<HeaderSize | null> {
  let position = 2;
  for (let segments = 0; segments < 1000; segments += 1) {
    const head = await readAt(file, position, 9);
    if (head.length < 4 || head[0] !== 0xff) return null;
    const marker = head[1]!;
    if (marker === 0xff) {
      position += 1; // fill byte before a marker
      continue;
    }
    if (isStartOfFrame(marker)) return head.length < 9 ? null : { height: u16be(head, 5), width: u16be(head, 7) };
    if (marker === 0xda || marker === 0xd9) return null; // scan data or end before any frame header
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      position += 2; // markers without a length
      continue;
    }
    position += 2 + u16be(head, 2);
  }
  return null;
}

function readPngSize(head: Uint8Array): HeaderSize | null {
  if (head.length < 24 || String.fromCharCode(...head.subarray(12, 16)) !== "IHDR") return null;
  return { width: u32be(head, 16), height: u32be(head, 20) };
}

function readGifSize(head: Uint8Array): HeaderSize | null {
  if (head.length < 10) return null;
  return { width: u16le(head, 6), height: u16le(head, 8) };
}

/** The first chunk of a WebP file is VP8 (lossy), VP8L (lossless) or VP8X (extended, with the canvas size). */
function readWebpSize(head: Uint8Array): HeaderSize | null {
  if (head.length < 30) return null;
  const chunk = String.fromCharCode(...head.subarray(12, 16));
  if (chunk === "VP8X") return { width: u24le(head, 24) + 1, height: u24le(head, 27) + 1 };
  if (chunk === "VP8L") {
    const bits = head[21]! | (head[22]! << 8) | (head[23]! << 16) | (head[24]! << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8 ") return { width: u16le(head, 26) & 0x3fff, height: u16le(head, 28) & 0x3fff };
  return null;
}

/** True when a WebP file is lossless (VP8L), so that re-encoding it must stay lossless. */
export async function isLosslessWebp(path: string): Promise<boolean> {
  const file = await open(path, "r");
  try {
    // Top-level chunks follow the 12-byte RIFF header, each padded to an even length. The
    // image chunk comes after VP8X, ICCP and ANIM; an animation frame (ANMF) carries it after
    // a 16-byte frame header.
    let position = 12;
    for (let chunks = 0; chunks < 64; chunks += 1) {
      const head = await readAt(file, position, 8);
      if (head.length < 8) return false;
      const fourcc = String.fromCharCode(...head.subarray(0, 4));
      if (fourcc === "VP8L") return true;
      if (fourcc === "VP8 ") return false;
      if (fourcc === "ANMF") {
        const frame = await readAt(file, position + 8 + 16, 4);
        return String.fromCharCode(...frame) === "VP8L";
      }
      const size = head[4]! | (head[5]! << 8) | (head[6]! << 16) | (head[7]! << 24);
      position += 8 + size + (size & 1);
    }
    return false;
  } finally {
    await file.close();
  }
}
