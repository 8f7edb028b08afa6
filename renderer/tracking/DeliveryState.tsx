import { useTranslation } from 'react-i18next';
import type { Delivery } from '../../shared/ipc/counter';
import { assertNever } from '../../shared/result';
import { attentionReasonText } from '../sync/reason-text';
import { Alert } from '../ui/Alert';

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
            {t(`tracking.delivery.${outcome}`, { reason: attentionReasonText(t, delivery.reason) })}
          </span>
          <span className="block">{t('tracking.delivery.callManager')}</span>
        </Alert>
      );
    }
    default:
      return assertNever(delivery.state);
  }
}
