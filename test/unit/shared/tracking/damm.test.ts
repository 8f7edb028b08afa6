import { describe, expect, it } from 'vitest';
import { dammCheckDigit, dammStep, dammValid } from '../../../../shared/tracking/damm';

describe('Damm check digit', () => {
  // Worked example from Wikipedia «Damm algorithm»: 572 → interim 9, 7, 4, so the check digit is 4.
  it('computes the published example 572 → 4', () => {
    expect(dammCheckDigit('572')).toBe(4);
    expect(dammValid('5724')).toBe(true);
    expect(dammValid('5723')).toBe(false);
  });

  it('has the quasigroup property: each digit appears once in every row and every column', () => {
    for (let a = 0; a < 10; a++) {
      const row = new Set<number>();
      const column = new Set<number>();
      for (let b = 0; b < 10; b++) {
        row.add(dammStep(a, b));
        column.add(dammStep(b, a));
      }
      expect(row.size).toBe(10);
      expect(column.size).toBe(10);
    }
  });

  // Weak total anti-symmetry is exactly what makes every adjacent transposition detectable:
  // for all c and all a ≠ b, (c∗a)∗b ≠ (c∗b)∗a. Checked exhaustively over all 1000 triples.
  it('is weakly totally anti-symmetric, so no adjacent swap goes unnoticed', () => {
    for (let c = 0; c < 10; c++) {
      for (let a = 0; a < 10; a++) {
        for (let b = 0; b < 10; b++) {
          if (a === b) continue;
          expect(dammStep(dammStep(c, a), b)).not.toBe(dammStep(dammStep(c, b), a));
        }
      }
    }
  });

  it('refuses non-digits instead of computing nonsense', () => {
    expect(() => dammCheckDigit('12a')).toThrow(RangeError);
    expect(dammValid('')).toBe(false);
  });
});
