import { useCallback, useState } from 'react';
import { ApiError, asError } from './api';

/**
 * Something a button does: which action is under way ('' when none), and the API's answer when
 * the last one failed.
 */
export function useAction() {
  const [busy, setBusy] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async (name: string, action: () => Promise<void>) => {
    setBusy(name);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(asError(e));
    } finally {
      setBusy('');
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, clear };
}

/**
 * A change on a page that lists things: each answers with the sentence the page shows once it is
 * made, and the list is read again.
 */
export function useChange(reload: () => void) {
  const { error, run } = useAction();
  const [notice, setNotice] = useState('');
  const act = (name: string, change: () => Promise<string>) =>
    run(name, async () => {
      setNotice('');
      setNotice(await change());
      reload();
    });
  return { error, notice, act };
}
