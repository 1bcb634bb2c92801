/**
 * In-process signal from code that queued mail to the mail worker, so a message goes out right
 * after its transaction commits rather than at the next poll. Other instances find it when
 * they poll.
 */
const listeners = new Set<() => void>();
let queuedCount = 0;

/** Run a delivery pass now in every mail worker of this process. Call it after the commit. */
export function wakeMailWorker(): void {
  for (const listener of listeners) listener();
}

/** Called by the worker; returns the function that unregisters it. */
export function onMailWorkerWake(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Count a queued message; `enqueueMail` calls this. */
export function noteMailQueued(): void {
  queuedCount += 1;
}

/**
 * Wake the mail worker after a request that queued mail has finished: the request frame takes
 * `mailQueuedCount()` when a request starts and calls this when it ends. Handlers commit before
 * they return, so the rows are visible by then. Waking earlier, from inside the transaction,
 * would let the worker look before the commit. Mail queued by requests that overlap this one
 * can cause an extra pass but is never missed.
 */
export function wakeMailWorkerIfQueuedSince(countAtStart: number): void {
  if (queuedCount !== countAtStart) wakeMailWorker();
}

/** Return how many messages this process has queued so far. */
export function mailQueuedCount(): number {
  return queuedCount;
}
