import { useEffect, useState } from "preact/hooks";

/** A value that components can read and subscribe to. */
export interface Store<T> {
  get(): T;
  set(next: T): void;
  update(change: (current: T) => T): void;
  subscribe(listener: (value: T) => void): () => void;
}

/** Create a store holding one immutable value; listeners run after every change. */
export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  const set = (next: T) => {
    if (Object.is(next, value)) return;
    value = next;
    for (const listener of [...listeners]) listener(value);
  };
  return {
    get: () => value,
    set,
    update: (change) => set(change(value)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Read a store (or a slice of it) and re-render when that slice changes, in the manner of
 * React's `useSyncExternalStore`: the value is re-read after subscribing so a change between
 * render and effect is not lost.
 */
export function useStore<T, S = T>(store: Store<T>, select: (value: T) => S = (value) => value as unknown as S): S {
  const [, force] = useState(0);
  const selected = select(store.get());
  useEffect(() => {
    let last = selected;
    const check = (value: T) => {
      const next = select(value);
      if (!Object.is(next, last)) {
        last = next;
        force((n) => n + 1);
      }
    };
    const unsubscribe = store.subscribe(check);
    check(store.get());
    return unsubscribe;
  }, [store]);
  return selected;
}
