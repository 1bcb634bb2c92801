import { statfsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** A small tmpfs mounted for a test, which can be filled up to a chosen free space. */
export interface SmallFileSystem {
  readonly path: string;
  /** Bytes the file system still has free. */
  freeBytes(): number;
  /** Write a filler file that leaves about `bytes` free (rounded to the block size). */
  leaveFree(bytes: number): Promise<void>;
  /** Delete the filler file. */
  empty(): Promise<void>;
  unmount(): Promise<void>;
}

/**
 * Mount a tmpfs of `sizeBytes` at `path`. Needs root (or CAP_SYS_ADMIN); returns the reason as
 * a string when mounting is not permitted.
 */
export async function mountSmallFileSystem(path: string, sizeBytes: number): Promise<SmallFileSystem | string> {
  await mkdir(path, { recursive: true });
  const mount = Bun.spawnSync(["mount", "-t", "tmpfs", "-o", `size=${sizeBytes}`, "tmpfs", path], { stderr: "pipe" });
  if (mount.exitCode !== 0) return `mount -t tmpfs failed: ${mount.stderr.toString().trim()}`;
  const filler = join(path, "filler");
  const freeBytes = () => {
    const stats = statfsSync(path);
    return stats.bavail * stats.bsize;
  };
  return {
    path,
    freeBytes,
    async leaveFree(bytes) {
      await rm(filler, { force: true });
      await writeFile(filler, new Uint8Array(Math.max(0, freeBytes() - bytes)));
    },
    empty: () => rm(filler, { force: true }),
    async unmount() {
      Bun.spawnSync(["umount", "-l", path]);
    },
  };
}
