import { useRef, useState } from "preact/hooks";
import { ApiError, describeError } from "../api/api-error.ts";

export interface Action<A extends unknown[]> {
  pending: boolean;
  /** Message for the whole form, when the error names no field. */
  error: string | undefined;
  /** Messages by input name, from the `field` of an API error. */
  fieldErrors: Record<string, string>;
  run(...args: A): Promise<boolean>;
  reset(): void;
}

/**
 * Wrap a submit handler: it cannot run twice at once, and its error is kept in words, either
 * beside the field the server named or for the whole form. Returns true when it succeeded.
 */
export function useAction<A extends unknown[]>(perform: (...args: A) => Promise<unknown>): Action<A> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const running = useRef(false);

  const run = async (...args: A) => {
    if (running.current) return false;
    running.current = true;
    setPending(true);
    setError(undefined);
    setFieldErrors({});
    try {
      await perform(...args);
      return true;
    } catch (caught) {
      if (caught instanceof ApiError && caught.field) setFieldErrors({ [caught.field]: caught.message });
      else setError(describeError(caught));
      return false;
    } finally {
      running.current = false;
      setPending(false);
    }
  };

  return {
    pending,
    error,
    fieldErrors,
    run,
    reset: () => {
      setError(undefined);
      setFieldErrors({});
    },
  };
}
