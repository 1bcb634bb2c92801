import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  /** Replace the loaded value after a local change, without a request. */
  setData(update: T | undefined | ((current: T | undefined) => T | undefined)): void;
}

/**
 * Run `load` when the component mounts and whenever `deps` change, aborting the previous call.
 * Earlier data stays visible while the next request runs, so pagers do not flash empty.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setState((current) => ({ ...current, loading: true, error: undefined }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState((current) => ({ ...current, error, loading: false }));
      },
    );
    return () => controller.abort();
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const setData = useCallback((update: T | undefined | ((current: T | undefined) => T | undefined)) => {
    setState((current) => ({ ...current, data: typeof update === "function" ? (update as (value: T | undefined) => T | undefined)(current.data) : update }));
  }, []);
  return { ...state, reload, setData };
}
