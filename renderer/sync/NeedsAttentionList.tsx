import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NeedsAttentionEntry, SyncStatusView } from '../../shared/ipc/calls/sync';
import type { AppErrorShape } from '../../shared/result';
import { TRANSACTION_SET_ASIDE } from '../../shared/sync/protocol';
import { formatTrackingCode } from '../../shared/tracking-code';
import { call } from '../api/client';
import { localizeDigits } from '../lib/digits';
import { errorText } from '../lib/errors';
import { dateTime } from '../manager/format';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { attentionReasonText } from './reason-text';
import { useSync } from './store';

/** Sent again with its transaction, not by itself: it has no button of its own. */
function waitsForTransaction(item: NeedsAttentionEntry): boolean {
  return item.reason.outcome === 'rejected' && item.reason.code === TRANSACTION_SET_ASIDE;
}

/** What the municipality refused or found in conflict, with what to do; a manager can send an item again. */
export function NeedsAttentionList({
  status,
  canRequeue,
}: {
  readonly status: SyncStatusView;
  readonly canRequeue: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const update = useSync((s) => s.update);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function requeue(id: string) {
    setBusy(id);
    setNotice(null);
    const r = await call('sync.requeue', { id });
    setBusy(null);
    if (r.ok) {
      setError(null);
      setNotice(t('sync.attention.requeued'));
      update(r.value);
    } else setError(r.error);
  }

  return (
    <section className="flex flex-col gap-2" aria-labelledby="sync-attention-title">
      <h2 id="sync-attention-title" className="font-semibold">
        {t('sync.attention.title')}
      </h2>
      {error ? <Alert>{errorText(t, lang, error)}</Alert> : null}
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {status.needsAttention.length === 0 ? (
        <p className="text-sm text-slate-500">{t('sync.attention.none')}</p>
      ) : (
        <>
          <p className="text-sm text-slate-600">{t('sync.attention.intro')}</p>
          <table className="w-full text-sm [&_td]:px-2 [&_td]:py-1 [&_th]:px-2" data-testid="attention-table">
            <thead>
              <tr className="text-slate-500">
                <th className="text-start">{t('sync.attention.kind')}</th>
                <th className="text-start">{t('sync.attention.trackingCode')}</th>
                <th className="text-start">{t('sync.attention.createdAt')}</th>
                <th className="text-start">{t('sync.attention.reason')}</th>
                {canRequeue ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {status.needsAttention.map((item) => (
                <tr key={item.id} className="border-t border-slate-100 align-top" data-testid="attention-row">
                  <td>{t(`sync.kinds.${item.kind}`, { defaultValue: item.kind })}</td>
                  <td dir="ltr" className="text-start font-mono">
                    {item.trackingCode ? localizeDigits(formatTrackingCode(item.trackingCode), lang) : '—'}
                  </td>
                  <td>{dateTime(item.createdAt, lang)}</td>
                  <td className={item.reason.outcome === 'conflict' ? 'text-red-800' : 'text-amber-900'}>
                    {attentionReasonText(t, item.reason)}
                  </td>
                  {canRequeue && waitsForTransaction(item) ? (
                    <td />
                  ) : canRequeue ? (
                    <td>
                      <Button
                        variant="secondary"
                        className="whitespace-nowrap"
                        disabled={busy !== null}
                        onClick={() => void requeue(item.id)}
                      >
                        {t('sync.attention.requeue')}
                      </Button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
          {status.needsAttentionCount > status.needsAttention.length ? (
            <p className="text-xs text-slate-500">
              {t('sync.attention.more', {
                shown: localizeDigits(status.needsAttention.length, lang),
                total: localizeDigits(status.needsAttentionCount, lang),
              })}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
