import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, asError } from './api';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads on mount and whenever `key` changes; `everyMs` keeps it fresh while the page is open, or
 * says from what was loaded how often (undefined: no more).
 */
export function useLoad<T>(
  load: () => Promise<T>,
  key: string,
  everyMs?: number | ((data: T | null) => number | undefined),
): Loaded<T> {
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
          error: asError(error),
          loading: false,
        })),
    );
    return () => {
      live = false;
    };
  }, [key, tick]);

  const interval = typeof everyMs === 'function' ? everyMs(state.data) : everyMs;
  useEffect(() => {
    if (!interval) return;
    const timer = window.setInterval(reload, interval);
    return () => window.clearInterval(timer);
  }, [interval, reload]);

  return { ...state, reload };
}
