import { availableParallelism } from "node:os";

/**
 * Bounds how many image decodes and encodes run at once. Bun.Image already works on a worker
 * thread, so the request thread stays free. The bound keeps memory in check, because each
 * running decode keeps full bitmaps in memory.
 * NOTE: one slot per core costs about 80 MB per slot for 12-megapixel photos (measured by
 * bench/images.ts on 2 cores); on a machine with many cores and little memory, fewer slots
 * would be safer, and there is no setting for it yet.
 */
export class ProcessingPool {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly concurrency: number = availableParallelism()) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number from 1, got ${concurrency}`);
  }

  /** Run `work` once a slot is free; slots are handed out first come, first served. */
  async run<Result>(work: () => Promise<Result>): Promise<Result> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

/** One pool for the whole process: the cores are shared by every app instance in it. */
export const sharedProcessingPool = new ProcessingPool();
