import { fsyncSync } from "node:fs";
import { preRunExtension } from "./pre-run-extension.ts";

/** The parts of PGlite's Emscripten module that the hook below touches. */
interface ModuleWithNodeFs {
  NODEFS: { stream_ops: { fsync?: (stream: { nfd: number }) => number } };
  FS: { ErrnoError: new (errno: number) => Error };
}

// Emscripten's errno numbering (WASI), not Linux's.
const EMSCRIPTEN_EIO = 29;

/**
 * Give Emscripten's NODEFS the fsync it lacks. In PGlite 0.5.17 fsync() on a NODEFS file does
 * nothing and fdatasync() never does anything, so with `wal_sync_method = fsync` and fsync on,
 * this makes a commit durable when it returns. A failed fsync reaches PostgreSQL as EIO, which
 * it treats as a PANIC, as it must.
 */
export const nodeFsFsync = preRunExtension("nodefs-fsync", (module: ModuleWithNodeFs) => {
  module.NODEFS.stream_ops.fsync = (stream) => {
    try {
      fsyncSync(stream.nfd);
      return 0;
    } catch {
      throw new module.FS.ErrnoError(EMSCRIPTEN_EIO);
    }
  };
});
