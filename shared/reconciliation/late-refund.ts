import type { LateVoid } from './types';

/** What a refund paid out by each payment method. */
export interface RefundPaid {
  readonly cash: number;
  readonly card: number;
}

/**
 * How the refund of an earlier, already closed day's sale is paid: by how the refund is paid, not
 * how the sale was. A POS terminal settles its batch at the end of each day, and a settled payment
 * cannot be reversed on it: the refund of an earlier day's card payment never comes off today's slip
 * (expecting it there forced a made-up card difference, below zero when the day had fewer card
 * sales). The drawer pays it back, as it does a cash sale's. The day's reconciliation books its
 * refunds so, and the range report's payment methods with it.
 */
export function lateVoidRefund(v: Pick<LateVoid, 'cash' | 'card'>): RefundPaid {
  return { cash: v.cash + v.card, card: 0 };
}
