import { useTranslation } from 'react-i18next';
import { localizeDigits } from '../lib/digits';
import { useSync } from './store';
import { useSyncPolling, useSyncWhenOnline } from './usePolling';

const POLL_MS = 15_000;

/** The header's glance at sync: online or offline, and what is waiting. Opens the Sync screen. */
export function SyncIndicator({ onOpen }: { readonly onOpen: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const status = useSync((s) => s.status);
  useSyncPolling(POLL_MS);
  useSyncWhenOnline();
  if (!status) return null;

  const state = !status.enrolled ? 'notEnrolled' : status.online ? 'online' : 'offline';
  const dot = { online: 'bg-emerald-400', offline: 'bg-amber-400', notEnrolled: 'bg-slate-300' }[state];
  const parts = [t(`sync.indicator.${state}`)];
  if (status.pendingCount > 0)
    parts.push(t('sync.indicator.pending', { n: localizeDigits(status.pendingCount, lang) }));
  if (status.needsAttentionCount > 0)
    parts.push(t('sync.indicator.attention', { n: localizeDigits(status.needsAttentionCount, lang) }));

  return (
    <button
      type="button"
      onClick={onOpen}
      data-testid="sync-indicator"
      aria-label={`${t('sync.indicator.label')}: ${parts.join(t('app.sep'))}`}
      className="flex items-center gap-2 rounded-md px-2 py-1 text-teal-50 outline-none hover:bg-teal-700 focus-visible:ring-2 focus-visible:ring-white"
    >
      <span aria-hidden="true" className={`inline-block h-2.5 w-2.5 rounded-full ${dot}`} />
      <span>{parts.join(t('app.sep'))}</span>
    </button>
  );
}
