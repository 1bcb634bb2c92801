import { formatKeyPath, isPlainMap, type KeyPath } from "./key-path.ts";
import type { ConfigTree } from "./read-config-file.ts";

function isUnder(key: string, ancestor: string): boolean {
  return ancestor === "" || key === ancestor || key.startsWith(`${ancestor}.`) || key.startsWith(`${ancestor}[`);
}

/** Record of the file that supplied each value of a merged tree, so an error can name the right file. */
export class Provenance {
  // Keyed by formatted path. Re-recording moves an entry to the end, so iteration order is
  // the order in which values were last set.
  private readonly files = new Map<string, string>();

  /** Note that `file` set the value at `path`, replacing whatever was below it. */
  record(path: KeyPath, file: string): void {
    this.forget(path);
    this.files.set(formatKeyPath(path), file);
  }

  /** Drop what was recorded at `path` and below, because a new map replaced the value there. */
  forget(path: KeyPath): void {
    const key = formatKeyPath(path);
    for (const recorded of [...this.files.keys()]) if (isUnder(recorded, key)) this.files.delete(recorded);
  }

  /**
   * Find the file that set the value at `path` or one of its parents. For a key that no file
   * set (a check on a default), return the file that last set a key in the nearest section.
   */
  fileFor(path: KeyPath): string | undefined {
    for (let length = path.length; length > 0; length--) {
      const file = this.files.get(formatKeyPath(path.slice(0, length)));
      if (file !== undefined) return file;
    }
    for (let length = path.length - 1; length >= 0; length--) {
      const section = formatKeyPath(path.slice(0, length));
      const lastSet = [...this.files].findLast(([key]) => isUnder(key, section));
      if (lastSet) return lastSet[1];
    }
    return undefined;
  }
}

/**
 * Merge `source` into `target` in place: maps merge key by key, anything else (scalars and
 * whole lists) replaces the earlier value, and null removes it so the default applies again.
 */
export function mergeConfigTree(target: ConfigTree, source: ConfigTree, file: string, provenance: Provenance, path: KeyPath = []): void {
  for (const [key, value] of Object.entries(source)) {
    const valuePath = [...path, key];
    if (value === null) {
      delete target[key];
      provenance.record(valuePath, file);
    } else if (isPlainMap(value)) {
      const existing = target[key];
      if (!isPlainMap(existing)) provenance.forget(valuePath);
      const merged = isPlainMap(existing) ? existing : {};
      target[key] = merged;
      mergeConfigTree(merged, value, file, provenance, valuePath);
    } else {
      target[key] = value;
      provenance.record(valuePath, file);
    }
  }
}
