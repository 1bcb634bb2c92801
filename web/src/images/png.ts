/** Compress raw zlib data; the browser passes none and gets uncompressed ("stored") blocks. */
export type Deflate = (data: Uint8Array) => Uint8Array;

let crcTable: Uint32Array | undefined;

function crc32(bytes: Uint8Array, start: number, end: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let index = start; index < end; index++) crc = crcTable[(crc ^ bytes[index]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** zlib stream of stored (uncompressed) blocks: tiny code, fine for a 32×32 placeholder. */
function storedZlib(data: Uint8Array): Uint8Array {
  const blockCount = Math.max(1, Math.ceil(data.length / 65535));
  const out = new Uint8Array(2 + data.length + blockCount * 5 + 4);
  out[0] = 0x78;
  out[1] = 0x01;
  let offset = 2;
  for (let block = 0; block < blockCount; block++) {
    const chunk = data.subarray(block * 65535, (block + 1) * 65535);
    out[offset++] = block === blockCount - 1 ? 1 : 0;
    out[offset++] = chunk.length & 0xff;
    out[offset++] = chunk.length >> 8;
    out[offset++] = ~chunk.length & 0xff;
    out[offset++] = (~chunk.length >> 8) & 0xff;
    out.set(chunk, offset);
    offset += chunk.length;
  }
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  const adler = ((b << 16) | a) >>> 0;
  out[offset++] = adler >>> 24;
  out[offset++] = (adler >> 16) & 0xff;
  out[offset++] = (adler >> 8) & 0xff;
  out[offset++] = adler & 0xff;
  return out;
}

/** Encode 8-bit RGBA pixels as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array, deflate: Deflate = storedZlib): Uint8Array {
  const raw = new Uint8Array(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8);
  const chunks: [string, Uint8Array][] = [
    ["IHDR", header],
    ["IDAT", deflate(raw)],
    ["IEND", new Uint8Array(0)],
  ];
  const size = 8 + chunks.reduce((total, [, data]) => total + 12 + data.length, 0);
  const png = new Uint8Array(size);
  png.set([137, 80, 78, 71, 13, 10, 26, 10]);
  const out = new DataView(png.buffer);
  let offset = 8;
  for (const [type, data] of chunks) {
    out.setUint32(offset, data.length);
    for (let index = 0; index < 4; index++) png[offset + 4 + index] = type.charCodeAt(index);
    png.set(data, offset + 8);
    out.setUint32(offset + 8 + data.length, crc32(png, offset + 4, offset + 8 + data.length));
    offset += 12 + data.length;
  }
  return png;
}
