import { useTranslation } from 'react-i18next';
import { formatRials, parseRials as parseAmount } from '../../shared/money';
import type { PaymentInput } from '../../shared/payments';
import { validatePosReference } from '../../shared/validation/pos-reference';
import { Field } from '../ui/Field';

/** A typed amount as integer Rials, or null while it is not one. */
function parseRials(raw: string): number | null {
  const parsed = parseAmount(raw);
  return parsed.ok ? parsed.value : null;
}

/**
 * Why a typed amount is not one, when there is more to say than the field's own prompt: a misplaced
 * group («5,000,00»), letters or decimals. Nothing while the field is empty.
 */
function amountCode(raw: string): string | undefined {
  const parsed = parseAmount(raw);
  return parsed.ok || parsed.code === 'amount_required' ? undefined : parsed.code;
}

function amountProblem(problem: PaymentField, raw: string): PaymentProblem {
  const code = amountCode(raw);
  return code ? { problem, code } : { problem };
}

export type PaymentMode = 'cash' | 'card' | 'split';

export interface PaymentDraft {
  readonly mode: PaymentMode;
  readonly tendered: string;
  readonly cashAmount: string;
  readonly reference: string;
}

export const EMPTY_PAYMENT: PaymentDraft = { mode: 'cash', tendered: '', cashAmount: '', reference: '' };

/** The payment form's fields a problem can be shown under. */
export type PaymentField = 'tendered' | 'cashAmount' | 'reference';

/** Why the draft cannot be saved yet: the field at fault, and the validator's code when there is one. */
export interface PaymentProblem {
  readonly problem: PaymentField;
  readonly code?: string;
}

/** The payments the draft describes for `total`, or the reason it cannot yet. */
export function paymentsFrom(
  draft: PaymentDraft,
  total: number,
): { payments: PaymentInput[] } | PaymentProblem {
  if (total === 0) return { payments: [] };
  const tendered = parseRials(draft.tendered);
  // The core checks the reference with the same validator; checked here, the operator sees why under
  // the field before anything is sent.
  const reference = validatePosReference(draft.reference);
  switch (draft.mode) {
    case 'cash':
      if (tendered === null) return amountProblem('tendered', draft.tendered);
      return { payments: [{ method: 'cash', amount: total, tendered }] };
    case 'card':
      if (!reference.ok) return { problem: 'reference', code: reference.code };
      return { payments: [{ method: 'card', amount: total, reference: reference.value }] };
    case 'split': {
      const cash = parseRials(draft.cashAmount);
      if (cash === null) return amountProblem('cashAmount', draft.cashAmount);
      if (cash <= 0 || cash >= total) return { problem: 'cashAmount' };
      if (tendered === null) return amountProblem('tendered', draft.tendered);
      if (!reference.ok) return { problem: 'reference', code: reference.code };
      return {
        payments: [
          { method: 'cash', amount: cash, tendered },
          { method: 'card', amount: total - cash, reference: reference.value },
        ],
      };
    }
  }
}

/**
 * The one field a payment refusal of the core (`payment_invalid`'s reason) is about in this mode,
 * or null when it is about none of them and is said in the form's alert instead.
 */
export function refusedPaymentField(reason: string, mode: PaymentMode): PaymentField | null {
  if (reason.startsWith('pos_reference_')) return mode === 'cash' ? null : 'reference';
  if (reason === 'payment_tendered_short') return mode === 'card' ? null : 'tendered';
  if (reason === 'payment_amount_zero') return mode === 'split' ? 'cashAmount' : null;
  return null;
}

interface PaymentFormProps {
  readonly total: number;
  readonly draft: PaymentDraft;
  readonly onChange: (draft: PaymentDraft) => void;
  readonly errors: { readonly [field in PaymentField]?: string | null };
}

export function PaymentForm({ total, draft, onChange, errors }: PaymentFormProps) {
  const { t, i18n } = useTranslation();
  const digits = i18n.language === 'en' ? 'latin' : 'fa';
  const rials = (n: number) => formatRials(n, { digits });
  const cashDue =
    draft.mode === 'cash' ? total : draft.mode === 'split' ? (parseRials(draft.cashAmount) ?? 0) : 0;
  const tendered = parseRials(draft.tendered);
  const change = tendered !== null && tendered >= cashDue ? tendered - cashDue : null;

  if (total === 0) {
    return <p className="rounded-md bg-emerald-50 p-3 text-emerald-900">{t('counter.freeOfCharge')}</p>;
  }
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-1 font-semibold">{t('counter.payment')}</legend>
      <div role="radiogroup" aria-label={t('counter.paymentMethod')} className="flex gap-4">
        {(['cash', 'card', 'split'] as const).map((mode) => (
          <label key={mode} className="flex items-center gap-1">
            <input
              type="radio"
              name="payment-mode"
              checked={draft.mode === mode}
              onChange={() => onChange({ ...draft, mode })}
            />
            {t(`counter.method.${mode}`)}
          </label>
        ))}
      </div>
      {draft.mode === 'split' ? (
        <Field
          label={t('counter.cashPart')}
          value={draft.cashAmount}
          onChange={(e) => onChange({ ...draft, cashAmount: e.target.value })}
          error={errors.cashAmount}
          inputMode="numeric"
          dir="ltr"
        />
      ) : null}
      {draft.mode !== 'card' ? (
        <Field
          label={t('counter.tendered')}
          value={draft.tendered}
          onChange={(e) => onChange({ ...draft, tendered: e.target.value })}
          error={errors.tendered}
          inputMode="numeric"
          dir="ltr"
          hint={t('counter.cashDue', { amount: rials(cashDue) })}
        />
      ) : null}
      {draft.mode !== 'card' ? (
        <p className="text-lg" data-testid="change-due">
          {t('counter.change')}:{' '}
          <strong className="tabular-nums">{change === null ? '—' : rials(change)}</strong>
        </p>
      ) : null}
      {draft.mode !== 'cash' ? (
        <Field
          label={t('counter.reference')}
          hint={t('counter.referenceHint', {
            amount: rials(draft.mode === 'card' ? total : total - cashDue),
          })}
          value={draft.reference}
          onChange={(e) => onChange({ ...draft, reference: e.target.value })}
          error={errors.reference}
          inputMode="numeric"
          dir="ltr"
        />
      ) : null}
    </fieldset>
  );
}
