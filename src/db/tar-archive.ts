/** One entry of a tar archive: a directory (path ends in `/`, no data) or a regular file. */
export interface TarEntry {
  path: string;
  data?: Uint8Array;
  /** Permission bits, e.g. 0o600. */
  mode: number;
}

const BLOCK = 512;
const encoder = new TextEncoder();

function writeString(header: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = encoder.encode(value);
  if (bytes.length > length) throw new Error(`tar header field too long: ${value}`);
  header.set(bytes, offset);
}

function writeOctal(header: Uint8Array, offset: number, length: number, value: number): void {
  writeString(header, offset, length, value.toString(8).padStart(length - 1, "0"));
}

function headerFor(entry: TarEntry, size: number, modifiedAtSeconds: number): Uint8Array {
  const header = new Uint8Array(BLOCK);
  const isDirectory = entry.path.endsWith("/");
  writeString(header, 0, 100, entry.path);
  writeOctal(header, 100, 8, entry.mode);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeOctal(header, 124, 12, size);
  writeOctal(header, 136, 12, modifiedAtSeconds);
  header[156] = (isDirectory ? "5" : "0").charCodeAt(0);
  writeString(header, 257, 8, "ustar\u000000");

  // The checksum is computed with its own field filled with spaces.
  header.fill(0x20, 148, 156);
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  writeString(header, 148, 8, `${checksum.toString(8).padStart(6, "0")}\u0000 `);
  return header;
}

/**
 * Write a POSIX ustar archive. `Bun.Archive` can build archives too, but it marks directories
 * as regular files whose names end in `/`, which PGlite's own tar reader (used for
 * `loadDataDir`) turns into files; PostgreSQL then finds files where it needs directories.
 */
export function createTarArchive(entries: readonly TarEntry[], modifiedAt = new Date()): Uint8Array<ArrayBuffer> {
  const modifiedAtSeconds = Math.floor(modifiedAt.getTime() / 1000);
  const blocks: Uint8Array[] = [];
  for (const entry of entries) {
    const data = entry.path.endsWith("/") ? new Uint8Array(0) : (entry.data ?? new Uint8Array(0));
    blocks.push(headerFor(entry, data.length, modifiedAtSeconds));
    if (data.length > 0) {
      const padded = new Uint8Array(Math.ceil(data.length / BLOCK) * BLOCK);
      padded.set(data);
      blocks.push(padded);
    }
  }
  // Two empty blocks end the archive.
  blocks.push(new Uint8Array(BLOCK * 2));

  const archive = new Uint8Array(blocks.reduce((total, block) => total + block.length, 0));
  let offset = 0;
  for (const block of blocks) {
    archive.set(block, offset);
    offset += block.length;
  }
  return archive;
}
