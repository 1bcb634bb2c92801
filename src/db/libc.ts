import { dlopen, FFIType, read } from "bun:ffi";

// Node's fs has neither flock(2) nor syncfs(2), so they come from libc. Bun's Linux executables
// link glibc, where it is libc.so.6.
let libc: ReturnType<typeof openLibc> | undefined;
function openLibc() {
  return dlopen("libc.so.6", {
    flock: { args: [FFIType.i32, FFIType.i32], returns: FFIType.i32 },
    syncfs: { args: [FFIType.i32], returns: FFIType.i32 },
    __errno_location: { args: [], returns: FFIType.ptr },
  });
}

function lastErrno(): number {
  const pointer = libc!.symbols.__errno_location();
  return pointer === null ? 0 : read.i32(pointer);
}

export const LOCK_EX = 2;
export const LOCK_NB = 4;
export const EWOULDBLOCK = 11;

/** Call flock(2); returns 0, or the errno of the failure. */
export function flock(fd: number, operation: number): number {
  libc ??= openLibc();
  return libc.symbols.flock(fd, operation) === 0 ? 0 : lastErrno();
}

/** Call syncfs(2): write every dirty page of the file system that contains `fd` to disk. */
export function syncfs(fd: number): void {
  libc ??= openLibc();
  if (libc.symbols.syncfs(fd) !== 0) throw new Error(`syncfs failed with errno ${lastErrno()}`);
}
