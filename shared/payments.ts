import { z } from 'zod';

/**
 * Payments at the counter: cash (amount tendered, change given back), card on the office's bank POS
 * terminal (its reference number), or a split of both. Integer Rials throughout.
 */
export const MAX_RIALS = 1_000_000_000_000; // 100 billion Tomans: far above any counter fee, far below 2^53.

export const rialsSchema = z.number().int().min(0).max(MAX_RIALS);

export const cashPaymentSchema = z.strictObject({
  method: z.literal('cash'),
  amount: rialsSchema,
  tendered: rialsSchema,
});

export const cardPaymentSchema = z.strictObject({
  method: z.literal('card'),
  amount: rialsSchema,
  reference: z.string().max(64),
});

export const paymentInputSchema = z.discriminatedUnion('method', [cashPaymentSchema, cardPaymentSchema]);
export type PaymentInput = z.infer<typeof paymentInputSchema>;

export interface SettledPayment {
  readonly method: 'cash' | 'card';
  readonly amount: number;
  readonly tendered: number | null;
  readonly change: number;
  readonly reference: string | null;
}

export type PaymentProblem =
  | 'payment_required'
  | 'payment_not_needed'
  | 'payment_amount_zero'
  | 'payment_sum_mismatch'
  | 'payment_tendered_short'
  | 'payment_too_many_cash'
  | 'payment_too_many';

export type PaymentCheck =
  | { readonly ok: true; readonly payments: readonly SettledPayment[]; readonly change: number }
  | { readonly ok: false; readonly code: PaymentProblem | string; readonly index?: number };

/**
 * Checks that the payments settle exactly `total`: the amounts add up to it, cash tendered covers
 * its amount (the difference is change given back, never cash kept), and each card payment carries
 * a valid POS reference (checked by `checkReference`, which returns the canonical form or an error code).
 */
export function settlePayments(
  total: number,
  payments: readonly PaymentInput[],
  checkReference: (raw: string) => { ok: true; value: string } | { ok: false; code: string },
): PaymentCheck {
  if (total === 0)
    return payments.length === 0
      ? { ok: true, payments: [], change: 0 }
      : { ok: false, code: 'payment_not_needed' };
  if (payments.length === 0) return { ok: false, code: 'payment_required' };
  if (payments.length > 4) return { ok: false, code: 'payment_too_many' };
  if (payments.filter((p) => p.method === 'cash').length > 1)
    return { ok: false, code: 'payment_too_many_cash' };
  const settled: SettledPayment[] = [];
  let sum = 0;
  for (const [index, p] of payments.entries()) {
    if (p.amount <= 0) return { ok: false, code: 'payment_amount_zero', index };
    sum += p.amount;
    if (p.method === 'cash') {
      if (p.tendered < p.amount) return { ok: false, code: 'payment_tendered_short', index };
      settled.push({
        method: 'cash',
        amount: p.amount,
        tendered: p.tendered,
        change: p.tendered - p.amount,
        reference: null,
      });
    } else {
      const ref = checkReference(p.reference);
      if (!ref.ok) return { ok: false, code: ref.code, index };
      settled.push({ method: 'card', amount: p.amount, tendered: null, change: 0, reference: ref.value });
    }
  }
  if (sum !== total) return { ok: false, code: 'payment_sum_mismatch' };
  return { ok: true, payments: settled, change: settled.reduce((c, p) => c + p.change, 0) };
}
