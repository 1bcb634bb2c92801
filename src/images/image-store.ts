import { mkdirSync } from "node:fs";
import { chmod, readdir, rename, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { isContentHash } from "./content-hash.ts";
import { claimTempDirectory, removeAbandonedTempDirectories } from "./temp-directory.ts";

/**
 * Where image files live, named by their content hash. Kept this small so that an object
 * store (`Bun.s3`) can take the place of the directory later.
 */
export interface ImageStore {
  /** Local directory for files being written; `put` takes files from here. */
  readonly tempDirectory: string;
  /**
   * Move a finished temp file into the store under `hash`. When a file with that hash exists
   * already, the bytes are the same, so the new one simply replaces it.
   */
  put(tempPath: string, hash: string): Promise<void>;
  /** The stored file, or null when there is none. */
  open(hash: string): Promise<Blob | null>;
  /** Delete the stored file; a missing file is not an error. */
  remove(hash: string): Promise<void>;
  exists(hash: string): Promise<boolean>;
  /** The hashes of every stored file. */
  listHashes(): Promise<string[]>;
}

const tempDirectoriesOfThisProcess = new Map<string, string>();

/**
 * The image store as the original server laid it out: flat files in `path`, mode 0640, temp
 * files under `path/tmp` (same file system, so `put` is an atomic rename).
 *
 * The first store opened on a path in this process creates the directories (0755), removes
 * the temp directories of processes that have ended (uploads cut short by a crash) and claims
 * one of its own. Several instances may share the directory: a starting instance leaves the
 * temp files of running ones alone.
 */
export function openDirectoryImageStore(path: string): ImageStore {
  let tempDirectory = tempDirectoriesOfThisProcess.get(path);
  if (!tempDirectory) {
    const tempRoot = join(path, "tmp");
    mkdirSync(path, { recursive: true, mode: 0o755 });
    mkdirSync(tempRoot, { recursive: true, mode: 0o755 });
    removeAbandonedTempDirectories(tempRoot);
    tempDirectory = claimTempDirectory(tempRoot);
    tempDirectoriesOfThisProcess.set(path, tempDirectory);
  }

  const pathOf = (hash: string) => {
    // The hash becomes a file name; anything but base32 could walk out of the directory.
    if (!isContentHash(hash)) throw new Error(`not a content hash: ${JSON.stringify(hash)}`);
    return join(path, hash);
  };

  return {
    tempDirectory,
    async put(tempPath, hash) {
      await chmod(tempPath, 0o640);
      await rename(tempPath, pathOf(hash));
    },
    async open(hash) {
      const file = pathOf(hash);
      try {
        const info = await stat(file);
        return info.isFile() ? Bun.file(file) : null;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async remove(hash) {
      try {
        await unlink(pathOf(hash));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    },
    async exists(hash) {
      return (await this.open(hash)) !== null;
    },
    async listHashes() {
      const entries = await readdir(path, { withFileTypes: true });
      return entries.filter((entry) => entry.isFile() && isContentHash(entry.name)).map((entry) => entry.name);
    },
  };
}

