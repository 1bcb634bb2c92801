import { once } from "node:events";
import { open, rename, unlink, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Destination of an export: a file written under a temporary name, or standard output. */
export interface ArchiveOutput {
  writable: WritableStream<Uint8Array>;
  /** Make the archive visible under its final name, after the writable stream was closed. */
  commit(): Promise<void>;
  /** Remove what was written, after a failure. */
  discard(): Promise<void>;
}

function fileSink(handle: FileHandle): WritableStream<Uint8Array> {
  return new WritableStream({
    async write(chunk) {
      let offset = 0;
      while (offset < chunk.length) offset += (await handle.write(chunk, offset)).bytesWritten;
    },
    async close() {
      await handle.sync();
      await handle.close();
    },
    async abort() {
      await handle.close();
    },
  });
}

function stdoutSink(): WritableStream<Uint8Array> {
  return new WritableStream({
    async write(chunk) {
      if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
    },
  });
}

function gzipped(sink: WritableStream<Uint8Array>): { writable: WritableStream<Uint8Array>; done: Promise<void> } {
  const compression = new CompressionStream("gzip");
  return { writable: compression.writable as WritableStream<Uint8Array>, done: compression.readable.pipeTo(sink) };
}

/** Open `target` (a path, or `-` for standard output) for an export archive. */
export async function openArchiveOutput(target: string, options: { gzip: boolean }): Promise<ArchiveOutput> {
  let sink: WritableStream<Uint8Array>;
  let temporary: string | undefined;
  if (target === "-") {
    sink = stdoutSink();
  } else {
    // A failed or interrupted export must never leave a file that looks like a whole archive.
    temporary = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
    sink = fileSink(await open(temporary, "wx", 0o600));
  }
  if (!options.gzip) {
    return {
      writable: sink,
      commit: async () => {
        if (temporary) await rename(temporary, target);
      },
      discard: async () => {
        if (temporary) await unlink(temporary).catch(() => {});
      },
    };
  }
  const { writable, done } = gzipped(sink);
  // The pipe's failure surfaces through the writer; this keeps it from being reported twice.
  done.catch(() => {});
  return {
    writable,
    commit: async () => {
      await done;
      if (temporary) await rename(temporary, target);
    },
    discard: async () => {
      if (temporary) await unlink(temporary).catch(() => {});
    },
  };
}

/** Returns true when the export should be compressed: asked for, or the name ends in .gz or .tgz. */
export function wantsGzip(target: string, flag: boolean): boolean {
  return flag || /\.(t?gz)$/i.test(target);
}

/**
 * Open `source` (a path, or `-` for standard input) as a stream of archive bytes, decompressing
 * it when it starts with the gzip magic number.
 */
export async function openArchiveInput(source: string): Promise<ReadableStream<Uint8Array>> {
  const raw = source === "-" ? Bun.stdin.stream() : Bun.file(source).stream();
  const reader = raw.getReader();

  // Collect at least two bytes to see whether the data is gzip, then hand them on first.
  let head = new Uint8Array(0);
  while (head.length < 2) {
    const { value, done } = await reader.read();
    if (done) break;
    const joined = new Uint8Array(head.length + value.length);
    joined.set(head);
    joined.set(value, head.length);
    head = joined;
  }
  const isGzip = head[0] === 0x1f && head[1] === 0x8b;

  let unread: Uint8Array | undefined = head.length > 0 ? head : undefined;
  const replayed = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (unread) {
        controller.enqueue(unread);
        unread = undefined;
        return;
      }
      const { value, done } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  if (!isGzip) return replayed;
  return replayed.pipeThrough(new DecompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
}
