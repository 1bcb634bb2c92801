// The worker runs in its own thread, so its timer fires even while the main thread is stuck in
// a synchronous WebAssembly loop. process.exit() in a worker only ends the worker, so it calls
// libc's _exit instead. The source is a string so that the worker needs no separate entry point
// in the compiled executable.
const watchdogSource = (timeoutMs: number, message: string) => `
const { dlopen, FFIType } = require("bun:ffi");
const { writeSync } = require("node:fs");
setTimeout(() => {
  writeSync(2, ${JSON.stringify(`${message}\n`)});
  dlopen("libc.so.6", { _exit: { args: [FFIType.i32], returns: FFIType.void } }).symbols._exit(1);
}, ${timeoutMs});
`;

export interface StartWatchdog {
  disarm(): void;
}

/**
 * End the whole process with exit status 1 and `message` on stderr unless `disarm` is called
 * within `timeoutMs`. This is the last resort for a start-up that blocks the event loop, where
 * a promise race with a timer can never run.
 */
export function armStartWatchdog(timeoutMs: number, message: string): StartWatchdog {
  const url = URL.createObjectURL(new Blob([watchdogSource(timeoutMs, message)], { type: "text/javascript" }));
  // Not referenced, so a process that is done anyway does not wait for the timer.
  const worker = new Worker(url, { ref: false, smol: true });
  return {
    disarm() {
      worker.terminate();
      URL.revokeObjectURL(url);
    },
  };
}
