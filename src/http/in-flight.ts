/**
 * The count of requests whose handlers are running. Bun's `server.stop()` resolves once the
 * connections are closed, but the handler of a client that hung up keeps running, and
 * closing the database under it would fail its remaining statements.
 */
export interface InFlightRequests {
  readonly count: number;
  /** Run `handle` as one request in flight. */
  track<Result>(handle: () => Promise<Result>): Promise<Result>;
  /** Resolve true once no request is in flight, or false when `timeoutMs` passes first. */
  idle(timeoutMs: number): Promise<boolean>;
}

export function countInFlightRequests(): InFlightRequests {
  let count = 0;
  const waiters = new Set<() => void>();
  return {
    get count() {
      return count;
    },
    async track(handle) {
      count += 1;
      try {
        return await handle();
      } finally {
        count -= 1;
        if (count === 0) for (const wake of waiters) wake();
      }
    },
    idle(timeoutMs) {
      if (count === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const wake = () => finish(true);
        const timer = setTimeout(() => finish(false), timeoutMs);
        const finish = (isIdle: boolean) => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(isIdle);
        };
        waiters.add(wake);
      });
    },
  };
}
