import type { Logger } from "../log/logger.ts";

export interface BackgroundLoop {
  /** Run a pass now instead of at the next interval; a pass already running is followed by another. */
  wake(): void;
  /** Stop after the pass in progress (if any) and resolve when it has finished. */
  stop(): Promise<void>;
}

export interface BackgroundLoopOptions {
  /** For log lines, e.g. "mail sender". */
  name: string;
  intervalMs: number;
  log: Logger;
  runPass: () => Promise<void>;
}

/** The same failure is logged again at most this often, so a database outage does not flood the log. */
const repeatedFailureLogIntervalMs = 10 * 60_000;

/**
 * Run `runPass` at once and then `intervalMs` after the end of each pass, until stopped. Passes
 * never overlap. A failing pass is logged and the loop keeps going.
 */
export function startBackgroundLoop(options: BackgroundLoopOptions): BackgroundLoop {
  const { name, intervalMs, log, runPass } = options;
  let stopped = false;
  let wakeRequested = false;
  let endSleep: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastFailure: { message: string; loggedAt: number; repeats: number } | undefined;

  const sleep = () =>
    new Promise<void>((resolve) => {
      endSleep = resolve;
      timer = setTimeout(resolve, intervalMs);
    });

  const reportFailure = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const now = Date.now();
    if (lastFailure && lastFailure.message === message && now - lastFailure.loggedAt < repeatedFailureLogIntervalMs) {
      lastFailure.repeats += 1;
      return;
    }
    log.error(`${name}: pass failed`, { error, repeatsSinceLastLog: lastFailure?.repeats });
    lastFailure = { message, loggedAt: now, repeats: 0 };
  };

  const finished = (async () => {
    while (!stopped) {
      wakeRequested = false;
      try {
        await runPass();
        if (lastFailure) log.info(`${name}: working again after failures`);
        lastFailure = undefined;
      } catch (error) {
        reportFailure(error);
      }
      if (!stopped && !wakeRequested) await sleep();
      clearTimeout(timer);
      endSleep = undefined;
    }
  })();

  return {
    wake() {
      wakeRequested = true;
      endSleep?.();
    },
    async stop() {
      stopped = true;
      endSleep?.();
      await finished;
    },
  };
}
