import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './api';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Loads on mount and whenever `key` changes; `everyMs` keeps it fresh while the page is open. */
export function useLoad<T>(load: () => Promise<T>, key: string, everyMs?: number): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const latest = useRef(load);
  latest.current = load;
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    latest.current().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) =>
        live &&
        setState((s) => ({
          data: s.data,
          error: error instanceof ApiError ? error : new ApiError(String(error), 'UNKNOWN', 0),
          loading: false,
        })),
    );
    return () => {
      live = false;
    };
  }, [key, tick]);

  useEffect(() => {
    if (!everyMs) return;
    const timer = window.setInterval(reload, everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs, reload]);

  return { ...state, reload };
}
