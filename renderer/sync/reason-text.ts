import type { useTranslation } from 'react-i18next';
import type { AttentionReason } from '../../shared/ipc/calls/sync';
import { isAttentionReasonCode } from '../../shared/sync/refusals';

/**
 * Why the municipality has not taken an item, in the Sync screen's words (its `sync.reasons` texts,
 * which say what the manager can do): the code itself only for one this version does not know (a
 * newer server's), so that support can look it up.
 */
export function attentionReasonText(
  t: ReturnType<typeof useTranslation>['t'],
  reason: AttentionReason | null,
): string {
  const code = reason?.code ?? '';
  if (reason && reason.outcome !== 'other' && isAttentionReasonCode(code)) return t(`sync.reasons.${code}`);
  const shown = code || '—';
  switch (reason?.outcome ?? 'other') {
    case 'rejected':
      return t('sync.attention.rejected', { code: shown });
    case 'conflict':
      return t('sync.attention.conflict', { code: shown });
    case 'other':
      return t('sync.attention.other', { code: shown });
  }
}
