const reasons: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on device",
  ENOTDIR: "a path component is not a directory",
  EEXIST: "a file of that name exists",
  ENOENT: "no such file or directory",
};

/** Turn a Node file-system error into "permission denied (EACCES)" for one-line messages. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code) return `${reasons[code] ?? "failed"} (${code})`;
  return error instanceof Error ? error.message : String(error);
}
