import { closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { EWOULDBLOCK, flock, LOCK_EX, LOCK_NB } from "../db/libc.ts";

// Several instances may share one image directory (and so one `tmp`), so no process may empty
// `tmp` on start. Each process writes into a directory of its own, `tmp/<id>/`, and holds an
// flock(2) on `tmp/<id>.lock` for as long as it lives. The kernel drops that lock however the
// process dies, so a process that can take it may treat the directory as abandoned. Over
// NFS, Linux (since 2.6.12, see flock(2)) emulates flock with byte-range locks held by the
// server: a dead process's lock is released as on a local disk, a vanished host's once its
// lease expires.

const lockSuffix = ".lock";

function tryLock(fd: number): "locked" | "held elsewhere" | "unsupported" {
  let errno: number;
  try {
    errno = flock(fd, LOCK_EX | LOCK_NB);
  } catch {
    // libc could not be loaded (a libc other than glibc).
    return "unsupported";
  }
  if (errno === 0) return "locked";
  return errno === EWOULDBLOCK ? "held elsewhere" : "unsupported";
}

function isSameFile(fd: number, path: string): boolean {
  try {
    return fstatSync(fd).ino === statSync(path).ino;
  } catch {
    return false;
  }
}

/**
 * Create `root/<id>/` for this process's temp files and lock `root/<id>.lock` until the
 * process ends (the descriptor is never closed). Returns the directory.
 * NOTE: where flock is not available (no glibc, or a file system without locks), the
 * directory is claimed without a lock, and other processes never remove it.
 */
export function claimTempDirectory(root: string, mode = 0o755): string {
  for (;;) {
    const id = crypto.randomUUID();
    const lockPath = join(root, `${id}${lockSuffix}`);
    const fd = openSync(lockPath, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o600);
    const lock = tryLock(fd);
    // Between open and flock, another process's clean-up may have locked and deleted the new
    // lock file. A lock on a deleted file protects nothing, so take another id.
    if (lock === "held elsewhere" || (lock === "locked" && !isSameFile(fd, lockPath))) {
      closeSync(fd);
      continue;
    }
    const directory = join(root, id);
    mkdirSync(directory, { mode });
    return directory;
  }
}

/**
 * Delete from `root` every temp directory whose process has ended (its lock can be taken),
 * with its lock file, and every loose file (earlier versions wrote temp files straight into
 * `root`). Returns the number of entries removed.
 */
export function removeAbandonedTempDirectories(root: string): number {
  let removed = 0;
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    // Removing a lock file also removes its directory, which may come later in this listing.
    if (!existsSync(path)) continue;
    if (entry.name.endsWith(lockSuffix)) {
      let fd: number;
      try {
        fd = openSync(path, constants.O_RDWR);
      } catch {
        continue;
      }
      try {
        if (tryLock(fd) !== "locked") continue;
        // The directory first: a directory without its lock file would look abandoned.
        rmSync(path.slice(0, -lockSuffix.length), { recursive: true, force: true });
        rmSync(path, { force: true });
        removed += 1;
      } finally {
        closeSync(fd);
      }
    } else if (!entry.isDirectory() || !existsSync(`${path}${lockSuffix}`)) {
      rmSync(path, { recursive: true, force: true });
      removed += 1;
    }
  }
  return removed;
}
