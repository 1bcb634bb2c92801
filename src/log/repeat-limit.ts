import type { LogFields, Logger } from "./logger.ts";

/**
 * A warning that may fire thousands of times a second (every request during a database
 * outage) and should reach the log once per `intervalMs`, with the number of repeats it
 * stood for.
 */
export interface RepeatLimitedWarning {
  warn(log: Logger, message: string, fields?: LogFields): void;
}

export function limitRepeats(intervalMs: number, now: () => number = Date.now): RepeatLimitedWarning {
  let loggedAt = Number.NEGATIVE_INFINITY;
  let repeats = 0;
  return {
    warn(log, message, fields = {}) {
      const time = now();
      if (time - loggedAt < intervalMs) {
        repeats += 1;
        return;
      }
      log.warn(message, repeats > 0 ? { ...fields, repeatsSinceLastLog: repeats } : fields);
      loggedAt = time;
      repeats = 0;
    },
  };
}
