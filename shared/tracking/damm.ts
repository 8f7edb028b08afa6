/**
 * Damm check digit (H. M. Damm, "Total anti-symmetrische Quasigruppen", 2004). Chosen over Verhoeff
 * because it needs one 10×10 table and no permutation or inverse tables, and over Luhn because Luhn
 * misses the 09↔90 transposition. The table is a weakly totally anti-symmetric quasigroup of order 10,
 * so it detects every single-digit error and every transposition of two adjacent digits; a check digit
 * appended to a number makes the whole string reduce to 0. Table as published in Damm's thesis and on
 * Wikipedia («Damm algorithm»).
 */
const DAMM_TABLE: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/** One step of the quasigroup operation: interim ∗ digit. */
export function dammStep(interim: number, digit: number): number {
  const next = DAMM_TABLE[interim]?.[digit];
  if (next === undefined) throw new RangeError(`Not a decimal digit: ${digit}`);
  return next;
}

function reduce(digits: string): number {
  if (!/^[0-9]*$/.test(digits)) throw new RangeError('Damm works on ASCII decimal digits only');
  let interim = 0;
  for (const ch of digits) interim = dammStep(interim, Number(ch));
  return interim;
}

/** The digit to append to `digits` (ASCII 0-9) so that the result passes `dammValid`. */
export function dammCheckDigit(digits: string): number {
  return reduce(digits);
}

/** True when the last digit of `digitsWithCheck` is the Damm check digit of the rest. */
export function dammValid(digitsWithCheck: string): boolean {
  return digitsWithCheck.length > 0 && reduce(digitsWithCheck) === 0;
}
