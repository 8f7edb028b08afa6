import { parseRials, type AmountError } from '../money';
import { normalizeNote } from '../text/normalize';
import type { Reconciliation } from './types';

/**
 * More cash than any counter drawer holds (ten billion Tomans): a typo, not a count. Closing
 * refuses a count this far above what the day expects rather than record a difference nobody could
 * explain; an opening float or a cash movement, with nothing to compare it with, is refused above it.
 */
export const MAX_COUNTED_RIALS = 100_000_000_000;

export type CountedAmountError = AmountError | 'amount_absurd';

/**
 * The most a count compared with `expected` may be. Not a fixed cap: one payment may be up to
 * MAX_RIALS (10^12), so a day of legal payments can expect more than any fixed drawer limit, and a
 * cap below it would force the manager to sign a difference that is not there.
 */
export function countCeiling(expected: number): number {
  return Math.max(0, expected) + MAX_COUNTED_RIALS;
}

/**
 * A counted or typed drawer amount (Persian or Latin digits, separators allowed) → integer Rials.
 * `expected` is the figure it is compared with (expected cash, expected on the POS slip), if any.
 */
export function parseCountedAmount(
  raw: string,
  expected = 0,
):
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: CountedAmountError } {
  const parsed = parseRials(raw);
  if (!parsed.ok) return { ok: false, error: parsed.code };
  if (parsed.value > countCeiling(expected)) return { ok: false, error: 'amount_absurd' };
  return { ok: true, value: parsed.value };
}

export interface Counted {
  readonly cash: number;
  readonly cardSlip: number;
}

export interface Differences {
  /** Counted − expected: negative is a shortfall, positive a surplus. */
  readonly cash: number;
  readonly card: number;
}

export function differences(recon: Reconciliation, counted: Counted): Differences {
  return { cash: counted.cash - recon.expectedCash, card: counted.cardSlip - recon.expectedCard };
}

/** Every difference needs a note: the names of the notes still missing. */
export function missingNotes(
  diff: Differences,
  notes: { readonly cash: string; readonly card: string },
): ('cash' | 'card')[] {
  const missing: ('cash' | 'card')[] = [];
  if (diff.cash !== 0 && normalizeNote(notes.cash) === '') missing.push('cash');
  if (diff.card !== 0 && normalizeNote(notes.card) === '') missing.push('card');
  return missing;
}
