import { mkdirSync } from "node:fs";
import { readdir, rename, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../log/logger.ts";
import { claimTempDirectory, removeAbandonedTempDirectories } from "./temp-directory.ts";

interface Entry {
  size: number;
  /** When the file's modification time was last set to mark a use, in ms since the epoch. */
  touchedAt: number;
}

// Marking a use on disk costs a system call; once a day is enough to order files after a restart.
const touchIntervalMs = 24 * 60 * 60 * 1000;
// Evict down to this share of the limit, so that eviction does not run on every new file.
const evictToRatio = 0.9;

/**
 * Resized copies on disk, keyed by `<hash>-<width>.<format>`, with a size limit and
 * least-recently-used eviction. The index lives in memory as a Map in use order (a hit moves
 * its key to the end), built at start from the files and their modification times, which a
 * hit refreshes at most once a day. Eviction runs in the background after a write that
 * crosses the limit.
 */
export class ResizeCache {
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;
  private evicting = false;
  private readonly tempDirectory: string;
  /** Resolves when the files present at start are indexed. */
  readonly ready: Promise<void>;

  constructor(
    readonly directory: string,
    readonly maxBytes: number,
    private readonly log: Logger,
  ) {
    // Partial files of processes that have ended go; those of other running instances that
    // share the directory stay.
    const tempRoot = join(directory, "tmp");
    mkdirSync(tempRoot, { recursive: true, mode: 0o700 });
    removeAbandonedTempDirectories(tempRoot);
    this.tempDirectory = claimTempDirectory(tempRoot, 0o700);
    this.ready = this.indexExistingFiles().catch((error: unknown) => {
      log.warn("could not index the resized-image cache; it starts empty", { directory, error: String(error) });
    });
  }

  get usedBytes(): number {
    return this.totalBytes;
  }

  /** Path and size of a cached copy, marking it as used; undefined when not cached. */
  lookup(key: string): { path: string; size: number } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    const path = join(this.directory, key);
    const now = Date.now();
    if (now - entry.touchedAt > touchIntervalMs) {
      entry.touchedAt = now;
      utimes(path, new Date(now), new Date(now)).catch(() => {});
    }
    return { path, size: entry.size };
  }

  /** Store a copy (temp file, then rename) and start eviction when over the limit. */
  async store(key: string, bytes: Uint8Array): Promise<void> {
    const temp = join(this.tempDirectory, `${crypto.randomUUID()}.part`);
    try {
      await writeFile(temp, bytes, { mode: 0o600 });
      await rename(temp, join(this.directory, key));
    } catch (error) {
      // A full disk leaves a partial temp file behind.
      await unlink(temp).catch(() => {});
      throw error;
    }
    this.forget(key);
    this.entries.set(key, { size: bytes.length, touchedAt: Date.now() });
    this.totalBytes += bytes.length;
    if (this.totalBytes > this.maxBytes) this.scheduleEviction();
  }

  /** Delete every cached copy of an image (after its file left the store). */
  async removeImage(hash: string): Promise<void> {
    const keys = [...this.entries.keys()].filter((key) => key.startsWith(`${hash}-`));
    for (const key of keys) this.forget(key);
    await Promise.all(keys.map((key) => unlink(join(this.directory, key)).catch(() => {})));
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalBytes -= entry.size;
  }

  private scheduleEviction(): void {
    if (this.evicting) return;
    this.evicting = true;
    setTimeout(() => {
      this.evict()
        .catch((error: unknown) => this.log.warn("evicting resized images failed", { error: String(error) }))
        .finally(() => {
          this.evicting = false;
          if (this.totalBytes > this.maxBytes) this.scheduleEviction();
        });
    }, 0);
  }

  /** Remove least recently used copies until the cache is under 90 % of its limit. */
  async evict(): Promise<number> {
    const victims: string[] = [];
    for (const key of this.entries.keys()) {
      if (this.totalBytes <= this.maxBytes * evictToRatio) break;
      victims.push(key);
      this.forget(key);
    }
    // The index no longer names them, so no new request is sent to these files.
    await Promise.all(victims.map((key) => unlink(join(this.directory, key)).catch(() => {})));
    return victims.length;
  }

  private async indexExistingFiles(): Promise<void> {
    const found: { key: string; size: number; mtime: number }[] = [];
    for (const dirent of await readdir(this.directory, { withFileTypes: true })) {
      if (!dirent.isFile()) continue;
      const info = await stat(join(this.directory, dirent.name)).catch(() => null);
      if (info) found.push({ key: dirent.name, size: info.size, mtime: info.mtimeMs });
    }
    found.sort((a, b) => a.mtime - b.mtime);
    // Copies written since start are newer than anything found on disk: they go last.
    const writtenSinceStart = new Map(this.entries);
    this.entries.clear();
    for (const file of found) {
      if (writtenSinceStart.has(file.key)) continue;
      this.entries.set(file.key, { size: file.size, touchedAt: file.mtime });
      this.totalBytes += file.size;
    }
    for (const [key, entry] of writtenSinceStart) this.entries.set(key, entry);
    if (this.totalBytes > this.maxBytes) this.scheduleEviction();
  }
}
