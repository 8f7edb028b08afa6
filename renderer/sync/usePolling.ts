import { useEffect } from 'react';
import { useSync } from './store';

/** Reads the sync status now and every `everyMs` while the component is shown. */
export function useSyncPolling(everyMs: number): void {
  const refresh = useSync((s) => s.refresh);
  useEffect(() => {
    void refresh();
    const timer = window.setInterval(() => void refresh(), everyMs);
    return () => window.clearInterval(timer);
  }, [refresh, everyMs]);
}
