import { useTranslation } from 'react-i18next';
import { localizeDigits } from '../lib/digits';
import { Alert } from '../ui/Alert';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The PC's clock is off from the server's: say by how much, and which way, in words a manager can act on. */
export function ClockWarning({ offsetMs }: { readonly offsetMs: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const size = Math.abs(offsetMs);
  const amount =
    size >= DAY
      ? t('sync.days', { n: localizeDigits(Math.round(size / DAY), lang) })
      : size >= HOUR
        ? t('sync.hours', { n: localizeDigits(Math.round(size / HOUR), lang) })
        : t('sync.minutes', { n: localizeDigits(Math.round(size / MINUTE), lang) });
  // The offset is the server's clock minus this PC's: positive means this PC is behind.
  const direction = offsetMs > 0 ? t('sync.clockBehind') : t('sync.clockAhead');
  return (
    <div data-testid="clock-warning">
      <Alert>{t('sync.clockWarning', { amount, direction })}</Alert>
    </div>
  );
}
