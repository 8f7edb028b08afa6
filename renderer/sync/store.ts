import { create } from 'zustand';
import type { SyncReportView, SyncStatusView } from '../../shared/ipc/calls/sync';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';

interface SyncState {
  readonly status: SyncStatusView | null;
  /** The status could not be read (not the sync's own failure: that is in `status.lastError`). */
  readonly error: AppErrorShape | null;
  /** "Sync now" is running from this window. */
  readonly running: boolean;
  /** What the last "sync now" from this window came to. */
  readonly report: SyncReportView | null;
  readonly reportError: AppErrorShape | null;
  refresh(): Promise<void>;
  syncNow(): Promise<void>;
  /** The Sync screen changed the status (enrolled, requeued): show it without another call. */
  update(status: SyncStatusView): void;
  /** A run's result belongs to the visit that asked for it. */
  forgetReport(): void;
}

/** One status for the header's indicator and the Sync screen, so both always agree. */
export const useSync = create<SyncState>()((set, get) => ({
  status: null,
  error: null,
  running: false,
  report: null,
  reportError: null,

  async refresh() {
    const r = await call('sync.status', {});
    if (r.ok) set({ status: r.value, error: null });
    else set({ error: r.error });
  },

  async syncNow() {
    if (get().running) return;
    set({ running: true, report: null, reportError: null });
    const r = await call('sync.now', {});
    if (r.ok) set({ running: false, report: r.value.report, status: r.value.status });
    else set({ running: false, reportError: r.error });
  },

  update(status) {
    set({ status });
  },

  forgetReport() {
    set({ report: null, reportError: null });
  },
}));
