import { useEffect } from 'react';
import { call } from '../api/client';
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

/**
 * When the PC's network comes back, the core syncs at once instead of after the backoff it built up
 * while the line was down; the status is read again when that run is over.
 */
export function useSyncWhenOnline(): void {
  const refresh = useSync((s) => s.refresh);
  useEffect(() => {
    function networkBack(): void {
      void call('sync.online', {}).then(() => refresh());
    }
    window.addEventListener('online', networkBack);
    return () => window.removeEventListener('online', networkBack);
  }, [refresh]);
}
