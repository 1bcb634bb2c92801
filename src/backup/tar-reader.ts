import { decodeHeader, isEndBlock, paddingAfter, TAR_BLOCK, TarFormatError } from "./tar-header.ts";

/** Pulls exact byte counts out of a stream of chunks of any size. */
class ByteSource {
  #buffered: Uint8Array = new Uint8Array(0);
  #done = false;

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  async #fill(): Promise<boolean> {
    if (this.#done) return false;
    const { value, done } = await this.reader.read();
    if (done) {
      this.#done = true;
      return false;
    }
    this.#buffered = this.#buffered.length === 0 ? value : concat(this.#buffered, value);
    return true;
  }

  /** Returns up to `max` bytes (at least one), or an empty array at the end of the stream. */
  async readSome(max: number): Promise<Uint8Array> {
    if (this.#buffered.length === 0 && !(await this.#fill())) return new Uint8Array(0);
    const taken = this.#buffered.subarray(0, max);
    this.#buffered = this.#buffered.subarray(taken.length);
    return taken;
  }

  /** Returns exactly `count` bytes, or fewer only at the end of the stream. */
  async readExactly(count: number): Promise<Uint8Array> {
    while (this.#buffered.length < count && (await this.#fill()));
    const taken = this.#buffered.slice(0, count);
    this.#buffered = this.#buffered.subarray(taken.length);
    return taken;
  }
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first);
  joined.set(second, first.length);
  return joined;
}

/** One regular file of the archive. Read its data before asking the reader for the next entry. */
export interface TarEntry {
  path: string;
  size: number;
  /** The data in chunks as they arrive. */
  chunks(): AsyncGenerator<Uint8Array>;
  /** The whole data in one array; for small entries only. */
  bytes(): Promise<Uint8Array>;
}

/**
 * Reads a ustar archive from a stream entry by entry and computes the SHA-256 of every entry's
 * data, whether or not the caller reads it. Only regular files are accepted: the archives this
 * reader is for are written by TarWriter, and anything else means a different or damaged file.
 */
export class TarReader {
  readonly checksums = new Map<string, string>();
  readonly #source: ByteSource;
  #pending: AsyncGenerator<Uint8Array> | undefined;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#source = new ByteSource(stream.getReader());
  }

  /** Returns the next entry, or undefined at the end of the archive. */
  async next(): Promise<TarEntry | undefined> {
    if (this.#pending) {
      // Whatever the caller left unread is skipped, which also completes its checksum.
      while (!(await this.#pending.next()).done);
      this.#pending = undefined;
    }
    const block = await this.#source.readExactly(TAR_BLOCK);
    if (block.length === 0) throw new TarFormatError("the archive ends without its end marker: it is truncated");
    if (block.length < TAR_BLOCK) throw new TarFormatError("the archive ends inside a header: it is truncated");
    if (isEndBlock(block)) return undefined;

    const header = decodeHeader(block);
    if (header.type !== "0") throw new TarFormatError(`unsupported tar entry type ${JSON.stringify(header.type)} at ${header.path}: not an archive written by stashsphere export`);
    if (this.checksums.has(header.path)) throw new TarFormatError(`duplicate archive entry ${header.path}`);

    const body = this.#body(header.path, header.size);
    this.#pending = body;
    // A caller that stops reading early (break in for await) closes this wrapper, not the
    // body, so next() can still skip the rest.
    const chunks = async function* () {
      for (let step = await body.next(); !step.done; step = await body.next()) yield step.value;
    };
    return {
      path: header.path,
      size: header.size,
      chunks,
      bytes: async () => {
        const data = new Uint8Array(header.size);
        let offset = 0;
        for await (const chunk of chunks()) {
          data.set(chunk, offset);
          offset += chunk.length;
        }
        return data;
      },
    };
  }

  async *#body(path: string, size: number): AsyncGenerator<Uint8Array> {
    const hasher = new Bun.CryptoHasher("sha256");
    let remaining = size;
    while (remaining > 0) {
      const chunk = await this.#source.readSome(Math.min(remaining, 1 << 20));
      if (chunk.length === 0) throw new TarFormatError(`the archive ends inside ${path}: it is truncated`);
      remaining -= chunk.length;
      hasher.update(chunk);
      yield chunk;
    }
    const padding = paddingAfter(size);
    if (padding > 0 && (await this.#source.readExactly(padding)).length < padding) {
      throw new TarFormatError(`the archive ends inside ${path}: it is truncated`);
    }
    this.checksums.set(path, hasher.digest("hex"));
  }
}
