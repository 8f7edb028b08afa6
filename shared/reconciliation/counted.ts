import { parseRials, type AmountError } from '../money';
import { normalizeNote } from '../text/normalize';
import type { Reconciliation } from './types';

/**
 * More cash than any counter drawer holds (ten billion Tomans): a typo, not a count. Closing
 * refuses it rather than record a difference nobody could explain.
 */
export const MAX_COUNTED_RIALS = 100_000_000_000;

export type CountedAmountError = AmountError | 'amount_absurd';

/** A counted or typed drawer amount (Persian or Latin digits, separators allowed) → integer Rials. */
export function parseCountedAmount(
  raw: string,
):
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: CountedAmountError } {
  const parsed = parseRials(raw);
  if (!parsed.ok) return { ok: false, error: parsed.code };
  if (parsed.value > MAX_COUNTED_RIALS) return { ok: false, error: 'amount_absurd' };
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
