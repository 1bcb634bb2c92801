import { encodeFileHeader, paddingAfter, TAR_BLOCK, TarFormatError } from "./tar-header.ts";

/**
 * Writes a ustar archive entry by entry to a stream, never holding more than one entry's
 * chunk in memory, and records the SHA-256 of every entry's data so the archive can end with
 * a list of checksums.
 */
export class TarWriter {
  readonly checksums = new Map<string, string>();
  #bytesWritten = 0;

  constructor(
    private readonly sink: WritableStreamDefaultWriter<Uint8Array>,
    private readonly modifiedAt = new Date(),
  ) {}

  /** Bytes of the archive written so far, before any compression. */
  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  async #write(chunk: Uint8Array): Promise<void> {
    await this.sink.ready;
    await this.sink.write(chunk);
    this.#bytesWritten += chunk.length;
  }

  /** Add a file whose data is in memory. */
  async addFile(path: string, data: Uint8Array, mode = 0o644): Promise<void> {
    await this.addStream(path, data.length, [data], mode);
  }

  /**
   * Add a file of `size` bytes whose data arrives in chunks, e.g. read from disk. Throws when
   * the chunks add up to another size, because the header already promised this one.
   */
  async addStream(path: string, size: number, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, mode = 0o644): Promise<void> {
    if (this.checksums.has(path)) throw new TarFormatError(`duplicate archive entry ${path}`);
    await this.#write(encodeFileHeader(path, size, mode, this.modifiedAt));
    const hasher = new Bun.CryptoHasher("sha256");
    let written = 0;
    for await (const chunk of chunks) {
      written += chunk.length;
      if (written > size) break;
      hasher.update(chunk);
      await this.#write(chunk);
    }
    if (written !== size) throw new TarFormatError(`${path} changed while it was archived: expected ${size} bytes, read ${written}`);
    const padding = paddingAfter(size);
    if (padding > 0) await this.#write(new Uint8Array(padding));
    this.checksums.set(path, hasher.digest("hex"));
  }

  /** Write the two zero blocks that end an archive. The sink stays open. */
  async finish(): Promise<void> {
    await this.#write(new Uint8Array(TAR_BLOCK * 2));
  }
}
