/**
 * POSIX ustar headers for the export archive: regular files only, names up to 255 bytes (split
 * into the prefix and name fields), sizes below 8 GiB. That covers every entry the export
 * writes, so no pax or GNU extension headers are needed.
 */
export const TAR_BLOCK = 512;
/** Largest size the 11 octal digits of a ustar size field can hold. */
export const MAX_TAR_ENTRY_BYTES = 8 ** 11 - 1;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class TarFormatError extends Error {
  override name = "TarFormatError";
}

function writeField(header: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = encoder.encode(value);
  if (bytes.length > length) throw new TarFormatError(`tar header field too long: ${value}`);
  header.set(bytes, offset);
}

function writeOctal(header: Uint8Array, offset: number, length: number, value: number): void {
  writeField(header, offset, length, `${value.toString(8).padStart(length - 1, "0")}\0`);
}

function checksumOf(header: Uint8Array): number {
  let sum = 0;
  for (let index = 0; index < TAR_BLOCK; index++) {
    // The checksum field itself counts as eight spaces.
    sum += index >= 148 && index < 156 ? 0x20 : (header[index] as number);
  }
  return sum;
}

/** Split a path into ustar's prefix (up to 155 bytes) and name (up to 100 bytes) fields. */
function splitPath(path: string): { prefix: string; name: string } {
  if (encoder.encode(path).length <= 100) return { prefix: "", name: path };
  for (let index = path.indexOf("/"); index >= 0; index = path.indexOf("/", index + 1)) {
    const prefix = path.slice(0, index);
    const name = path.slice(index + 1);
    if (encoder.encode(prefix).length <= 155 && encoder.encode(name).length <= 100) return { prefix, name };
  }
  throw new TarFormatError(`path too long for a ustar archive: ${path}`);
}

/** Encode the header block of a regular file. */
export function encodeFileHeader(path: string, size: number, mode: number, modifiedAt: Date): Uint8Array {
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_TAR_ENTRY_BYTES) {
    throw new TarFormatError(`${path}: size ${size} does not fit a ustar header`);
  }
  const header = new Uint8Array(TAR_BLOCK);
  const { prefix, name } = splitPath(path);
  writeField(header, 0, 100, name);
  writeOctal(header, 100, 8, mode);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeOctal(header, 124, 12, size);
  writeOctal(header, 136, 12, Math.floor(modifiedAt.getTime() / 1000));
  header[156] = "0".charCodeAt(0);
  writeField(header, 257, 8, "ustar\u000000");
  writeField(header, 345, 155, prefix);
  writeField(header, 148, 8, `${checksumOf(header).toString(8).padStart(6, "0")}\0 `);
  return header;
}

export interface TarHeader {
  path: string;
  size: number;
  /** The ustar type flag: "0" for a regular file, "5" for a directory. */
  type: string;
}

function readString(header: Uint8Array, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return decoder.decode(end < 0 ? field : field.subarray(0, end));
}

function readOctal(header: Uint8Array, offset: number, length: number, what: string): number {
  const text = readString(header, offset, length).trim();
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`invalid ${what} field in a tar header: ${JSON.stringify(text)}`);
  return Number.parseInt(text, 8);
}

/** Returns true for the all-zero blocks that end an archive. */
export function isEndBlock(block: Uint8Array): boolean {
  return block.every((byte) => byte === 0);
}

/** Decode a header block, checking its checksum. */
export function decodeHeader(block: Uint8Array): TarHeader {
  const stored = readOctal(block, 148, 8, "checksum");
  if (stored !== checksumOf(block)) throw new TarFormatError("tar header checksum mismatch: the archive is damaged");
  const name = readString(block, 0, 100);
  const prefix = readString(block, 345, 155);
  const typeByte = block[156] as number;
  return {
    path: prefix ? `${prefix}/${name}` : name,
    size: readOctal(block, 124, 12, "size"),
    type: typeByte === 0 ? "0" : String.fromCharCode(typeByte),
  };
}

/** Number of zero bytes that pad `size` bytes of data to a whole block. */
export function paddingAfter(size: number): number {
  return (TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK;
}
