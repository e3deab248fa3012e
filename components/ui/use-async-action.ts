'use client';

import { useCallback, useRef, useState } from 'react';
import { toErrorInfo, type ErrorInfoLike } from './error-alert';

/** Runs one async action at a time and keeps its busy flag and last error for the UI. */
export function useAsyncAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfoLike | null>(null);
  const running = useRef(false);

  const run = useCallback(async (action: () => Promise<unknown>): Promise<boolean> => {
    if (running.current) return false;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(toErrorInfo(err));
      return false;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);

  const reset = useCallback(() => setError(null), []);
  return { run, busy, error, reset };
}
