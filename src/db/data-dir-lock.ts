import { closeSync, constants, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { EmbeddedDatabaseError } from "./embedded-error.ts";
import { describeFileError } from "./file-errors.ts";
import { EWOULDBLOCK, flock, LOCK_EX, LOCK_NB } from "./libc.ts";

export const LOCK_FILE = "stashsphere.lock";

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
 * be opened twice. It is flock(2) rather than a PID file because the kernel drops the lock
 * when the process dies, however it dies, so a crash never leaves a stale lock behind.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600);
  } catch (error) {
    throw new EmbeddedDatabaseError(`data directory ${dataDir} is not writable: ${describeFileError(error)}`);
  }

  const errno = flock(fd, LOCK_EX | LOCK_NB);
  if (errno !== 0) {
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
