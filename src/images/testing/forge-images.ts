import { deflateSync } from "node:zlib";

/**
 * Images built by hand for tests: files carrying GPS metadata in places a camera app or an
 * editor puts it, and headers that claim enormous canvases (decompression bombs).
 */

const ascii = (text: string) => new TextEncoder().encode(text);

/** A secret that must never come back from the server; tests search stored bytes for it. */
export const secretMarker = "SecretCam-GPS-51.4778N";

/**
 * Build a little-endian TIFF structure as EXIF stores it: IFD0 with Make (our marker) and a pointer
 * to a GPS IFD with latitude 51° 28' 40" N.
 */
export function exifWithGps(): Uint8Array {
  const make = ascii(`${secretMarker}\0`);
  const buffer = new Uint8Array(256);
  const view = new DataView(buffer.buffer);
  buffer.set(ascii("II"), 0);
  view.setUint16(2, 42, true);
  view.setUint32(4, 8, true);

  const ifd0 = 8; // 2 entries: 2 + 2 × 12 + 4 = 30 bytes
  const gpsIfd = ifd0 + 30; // 2 entries, 30 bytes
  const latitude = gpsIfd + 30; // 3 rationals, 24 bytes
  const makeAt = latitude + 24;
  view.setUint16(ifd0, 2, true);
  entry(view, ifd0 + 2, 0x010f, 2, make.length, makeAt); // Make, ASCII
  entry(view, ifd0 + 14, 0x8825, 4, 1, gpsIfd); // GPSInfo, LONG
  view.setUint32(ifd0 + 26, 0, true);

  view.setUint16(gpsIfd, 2, true);
  entry(view, gpsIfd + 2, 0x0001, 2, 2, 0); // GPSLatitudeRef, "N\0" stored inline
  buffer.set(ascii("N\0"), gpsIfd + 2 + 8);
  entry(view, gpsIfd + 14, 0x0002, 5, 3, latitude); // GPSLatitude, 3 RATIONALs
  view.setUint32(gpsIfd + 26, 0, true);
  [51, 28, 40].forEach((value, index) => {
    view.setUint32(latitude + index * 8, value, true);
    view.setUint32(latitude + index * 8 + 4, 1, true);
  });
  buffer.set(make, makeAt);
  return buffer.subarray(0, makeAt + make.length);
}

function entry(view: DataView, at: number, tag: number, type: number, count: number, value: number): void {
  view.setUint16(at, tag, true);
  view.setUint16(at + 2, type, true);
  view.setUint32(at + 4, count, true);
  view.setUint32(at + 8, value, true);
}

export function xmpPacket(): Uint8Array {
  return ascii(
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
      `<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,28.67N" exif:Make="${secretMarker}"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`,
  );
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(ascii(type), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, Bun.hash.crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

/** Insert eXIf (GPS), tEXt, zTXt-free iTXt (XMP) and tIME chunks after the IHDR of a PNG. */
export function pngWithMetadata(png: Uint8Array): Uint8Array {
  const ihdrEnd = 8 + 12 + 13;
  const extra = [
    pngChunk("eXIf", exifWithGps()),
    pngChunk("tEXt", ascii(`Comment\0${secretMarker}`)),
    pngChunk("iTXt", new Uint8Array([...ascii("XML:com.adobe.xmp\0\0\0\0\0"), ...xmpPacket()])),
    pngChunk("tIME", new Uint8Array([0x07, 0xea, 1, 5, 18, 22, 10])),
  ];
  return Buffer.concat([png.subarray(0, ihdrEnd), ...extra, png.subarray(ihdrEnd)]);
}

function riffChunk(fourcc: string, data: Uint8Array): Uint8Array {
  const padded = data.length + (data.length & 1);
  const chunk = new Uint8Array(8 + padded);
  chunk.set(ascii(fourcc), 0);
  new DataView(chunk.buffer).setUint32(4, data.length, true);
  chunk.set(data, 8);
  return chunk;
}

/**
 * Rewrap a simple lossy WebP (a single `VP8 ` chunk) as an extended file with EXIF and XMP
 * chunks, flags set in VP8X as the container specification requires.
 */
export function webpWithMetadata(simpleWebp: Uint8Array, width: number, height: number): Uint8Array {
  const imageChunk = simpleWebp.subarray(12);
  if (new TextDecoder("latin1").decode(imageChunk.subarray(0, 4)) !== "VP8 ") throw new Error("expected a simple lossy WebP");
  const vp8x = new Uint8Array(10);
  vp8x[0] = 0x08 | 0x04; // EXIF and XMP present
  const view = new DataView(vp8x.buffer);
  view.setUint16(4, (width - 1) & 0xffff, true);
  vp8x[6] = ((width - 1) >> 16) & 0xff;
  view.setUint16(7, (height - 1) & 0xffff, true);
  vp8x[9] = ((height - 1) >> 16) & 0xff;
  const body = Buffer.concat([ascii("WEBP"), riffChunk("VP8X", vp8x), imageChunk, riffChunk("EXIF", exifWithGps()), riffChunk("XMP ", xmpPacket())]);
  const header = new Uint8Array(8);
  header.set(ascii("RIFF"));
  new DataView(header.buffer).setUint32(4, body.length, true);
  return Buffer.concat([header, body]);
}

/** Build a baseline JPEG header (tables, frame, scan) claiming `width × height`, with no image data. */
export function jpegClaimingSize(width: number, height: number): Uint8Array {
  const quantisation = [0xff, 0xdb, 0, 67, 0, ...new Array(64).fill(1)];
  const frame = [0xff, 0xc0, 0, 17, 8, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0];
  const huffman = [0xff, 0xc4, 0, 20, 0x00, 1, ...new Array(15).fill(0), 0];
  const scan = [0xff, 0xda, 0, 12, 3, 1, 0, 2, 0, 3, 0, 0, 63, 0];
  return new Uint8Array([0xff, 0xd8, ...quantisation, ...frame, ...huffman, ...scan, 0, 0, 0, 0, 0xff, 0xd9]);
}

/** Build a PNG whose IHDR claims `width × height` RGB pixels, with one compressed row of data. */
export function pngClaimingSize(width: number, height: number): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const zlib = deflateSync(new Uint8Array(1 + width * 3));
  return Buffer.concat([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk("IHDR", ihdr), pngChunk("IDAT", zlib), pngChunk("IEND", new Uint8Array())]);
}
