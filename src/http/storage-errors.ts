// errno codes of a write that failed for lack of space: the file system is full (ENOSPC) or
// the user's disk quota is used up (EDQUOT).
const outOfStorageCodes = new Set(["ENOSPC", "EDQUOT"]);

/** Tell whether `error` is a file write that failed because there is no space left. */
export function isOutOfStorage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && outOfStorageCodes.has(code);
}
