import { dlopen, FFIType, read } from "bun:ffi";
import { closeSync, constants, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { EmbeddedDatabaseError } from "./embedded-error.ts";
import { describeFileError } from "./file-errors.ts";

export const LOCK_FILE = "stashsphere.lock";

const LOCK_EX = 2;
const LOCK_NB = 4;
const EWOULDBLOCK = 11;

// flock(2) rather than a PID file: the kernel drops the lock when the process dies, however it
// dies, so a crash never leaves a stale lock behind. Node's fs has no flock, so it comes from
// libc; Bun's Linux executables link glibc, where it is libc.so.6.
let libc: ReturnType<typeof openLibc> | undefined;
function openLibc() {
  return dlopen("libc.so.6", {
    flock: { args: [FFIType.i32, FFIType.i32], returns: FFIType.i32 },
    __errno_location: { args: [], returns: FFIType.ptr },
  });
}

export interface DataDirLock {
  readonly path: string;
  /** Release the lock; the file stays, holding the PID of its last owner. */
  release(): void;
}

function holderOf(lockPath: string): string {
  try {
    return readFileSync(lockPath, "utf8").trim() || "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * Take an exclusive lock on `stashsphere.lock` inside the data directory, or throw naming the
 * PID that holds it. PGlite itself has no locking, and two processes writing one data
 * directory corrupt it. The lock conflicts within one process too, so the same directory cannot
 * be opened twice.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600);
  } catch (error) {
    throw new EmbeddedDatabaseError(`data directory ${dataDir} is not writable: ${describeFileError(error)}`);
  }

  libc ??= openLibc();
  if (libc.symbols.flock(fd, LOCK_EX | LOCK_NB) !== 0) {
    const errorPointer = libc.symbols.__errno_location();
    const errno = errorPointer === null ? 0 : read.i32(errorPointer);
    closeSync(fd);
    if (errno === EWOULDBLOCK) {
      throw new EmbeddedDatabaseError(
        `data directory ${dataDir} is in use by another process (PID ${holderOf(path)}); stop it or choose another directory`,
      );
    }
    throw new EmbeddedDatabaseError(`could not lock ${path}: flock failed with errno ${errno}`);
  }

  ftruncateSync(fd, 0);
  writeSync(fd, `${process.pid}\n`, 0);
  let locked = true;
  return {
    path,
    release() {
      if (!locked) return;
      locked = false;
      closeSync(fd);
    },
  };
}
