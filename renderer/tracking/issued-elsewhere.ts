import type { TFunction } from 'i18next';
import type { AppErrorShape } from '../../shared/result';
import { localizeDigits } from '../lib/digits';

/**
 * Where a tracking code no sale here has was issued, as the core answers a search for it
 * (electron/core/transactions/search.ts): at another terminal of this office, or at another office.
 * Null for any other answer.
 */
export function issuedElsewhereText(t: TFunction, lang: string, error: AppErrorShape): string | null {
  if (error.code !== 'transaction_not_found') return null;
  const { issuedAt, officeCode, terminalNumber } = error.details;
  if (typeof officeCode !== 'string' || typeof terminalNumber !== 'number') return null;
  switch (issuedAt) {
    case 'other_terminal':
      return t('tracking.issuedElsewhere.otherTerminal', { terminal: localizeDigits(terminalNumber, lang) });
    case 'other_office':
      return t('tracking.issuedElsewhere.otherOffice', { office: localizeDigits(officeCode, lang) });
    default:
      return null;
  }
}
