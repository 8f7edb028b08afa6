import { useTranslation } from 'react-i18next';
import type { Delivery } from '../../shared/ipc/counter';
import type { AttentionReason } from '../../shared/ipc/calls/sync';
import { assertNever } from '../../shared/result';
import { isAttentionReasonCode } from '../../shared/sync/refusals';
import { Alert } from '../ui/Alert';

/**
 * The reason in the Sync screen's words (its `sync.reasons` texts): the code itself only for one
 * this version does not know (a newer server's), so that support can look it up.
 */
function reasonText(t: ReturnType<typeof useTranslation>['t'], reason: AttentionReason | null): string {
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

/**
 * Whether the municipality has the sale. A refused one still reads «ثبت در دفتر» as its status; the
 * operator is told it was not sent, why, and to call the manager, who sends it again from Sync.
 */
export function DeliveryState({ delivery }: { readonly delivery: Delivery | null }) {
  const { t } = useTranslation();
  if (delivery === null) return null;
  switch (delivery.state) {
    case 'pending':
      return (
        <p className="text-sm" data-testid="transaction-delivery">
          {t('tracking.delivery.pending')}
        </p>
      );
    case 'delivered':
      return (
        <p className="text-sm text-slate-600" data-testid="transaction-delivery">
          {t('tracking.delivery.delivered')}
        </p>
      );
    case 'needs_attention': {
      const outcome = delivery.reason?.outcome ?? 'other';
      return (
        <Alert>
          <span className="block" data-testid="transaction-delivery">
            {t(`tracking.delivery.${outcome}`, { reason: reasonText(t, delivery.reason) })}
          </span>
          <span className="block">{t('tracking.delivery.callManager')}</span>
        </Alert>
      );
    }
    default:
      return assertNever(delivery.state);
  }
}
