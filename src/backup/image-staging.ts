import { mkdir, open, rename, unlink } from "node:fs/promises";
import { join } from "node:path";

/**
 * Image files of an import, written under temporary names inside the image store (so the
 * final rename stays on one file system) and moved to their hash names only once the whole
 * archive has been checked. The temporary names contain dots, which no stored hash does.
 */
export class ImageStaging {
  readonly #staged = new Map<string, string>();

  constructor(private readonly imageStorePath: string) {}

  get count(): number {
    return this.#staged.size;
  }

  async stage(hash: string, chunks: AsyncIterable<Uint8Array>): Promise<void> {
    await mkdir(this.imageStorePath, { recursive: true });
    const temporary = join(this.imageStorePath, `.import-${hash}.${process.pid}.partial`);
    this.#staged.set(hash, temporary);
    const handle = await open(temporary, "w", 0o644);
    try {
      for await (const chunk of chunks) {
        let offset = 0;
        while (offset < chunk.length) offset += (await handle.write(chunk, offset)).bytesWritten;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /**
   * Move every staged file to its hash name. A file of that name already in the store is
   * replaced: names are content hashes, so it held the same picture.
   */
  async publish(): Promise<void> {
    for (const [hash, temporary] of this.#staged) await rename(temporary, join(this.imageStorePath, hash));
    this.#staged.clear();
    const directory = await open(this.imageStorePath, "r");
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  }

  /** Delete the temporary files after a failed import. */
  async discard(): Promise<void> {
    await Promise.all([...this.#staged.values()].map((temporary) => unlink(temporary).catch(() => {})));
    this.#staged.clear();
  }
}
