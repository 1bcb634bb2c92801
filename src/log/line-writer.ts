import { writeSync } from "node:fs";

/**
 * Log lines bound for stderr are collected and written together once the current turn of the
 * event loop is over. Under load that turns thousands of small writes a second into a few larger
 * ones. A line still reaches stderr at the end of the turn it was logged in, and lines keep
 * their order.
 */
const flushAboveChars = 64 * 1024;
let pending = "";
let scheduled = false;

function flush(): void {
  scheduled = false;
  if (pending === "") return;
  const text = pending;
  pending = "";
  process.stderr.write(text);
}

// On exit nothing runs later, so what is left is written synchronously.
process.on("exit", () => {
  if (pending === "") return;
  try {
    writeSync(2, pending);
  } catch {
    // stderr is gone; there is nowhere left to report that.
  }
  pending = "";
});

/** Create a writer for `createLogger` that appends each line to stderr. */
export function stderrLineWriter(): (line: string) => void {
  return (line) => {
    pending += `${line}\n`;
    if (pending.length >= flushAboveChars) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}
