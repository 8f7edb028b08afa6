import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRials } from '../../../../shared/money';
import { MAX_RIALS } from '../../../../shared/payments';
import {
  businessDateAfter,
  differences,
  MAX_COUNTED_RIALS,
  missingNotes,
  nextIsoDate,
  parseCountedAmount,
  reconcile,
} from '../../../../shared/reconciliation';

describe('counted amounts', () => {
  it('reads back any amount a drawer can hold, in Persian or Latin digits with separators', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_COUNTED_RIALS }),
        fc.constantFrom('fa' as const, 'latin' as const),
        (n, digits) => {
          expect(parseCountedAmount(formatRials(n, { digits }))).toEqual({ ok: true, value: n });
        },
      ),
    );
  });

  it('refuses negative, non-numeric, empty and absurd amounts with a reason', () => {
    expect(parseCountedAmount('-5000')).toEqual({ ok: false, error: 'amount_negative' });
    expect(parseCountedAmount('۱۲الف')).toEqual({ ok: false, error: 'amount_not_digits' });
    expect(parseCountedAmount('12.5')).toEqual({ ok: false, error: 'amount_not_digits' });
    expect(parseCountedAmount('  ')).toEqual({ ok: false, error: 'amount_required' });
    expect(parseCountedAmount(String(MAX_COUNTED_RIALS + 1))).toEqual({ ok: false, error: 'amount_absurd' });
    expect(parseCountedAmount('9'.repeat(30))).toEqual({ ok: false, error: 'amount_too_large' });
  });

  it('refuses a count whose thousands are grouped wrong rather than take a tenth or a hundredth of it', () => {
    // «5,000,00» counted for 5,000,000 would be recorded as 500,000, a shortfall of 4,500,000.
    for (const raw of ['5,000,00', '۵٬۰۰۰٬۰۰', '1,5', '16٬00', '0,500', '50,00,000', '5 000 00'])
      expect(parseCountedAmount(raw, 5_000_000), raw).toEqual({ ok: false, error: 'amount_grouping' });
    expect(parseCountedAmount('5,000.00')).toEqual({ ok: false, error: 'amount_not_digits' });
    for (const raw of ['5,000,000', '۵٬۰۰۰٬۰۰۰', '٥،٠٠٠،٠٠٠', "5'000'000", ' 5 000 000 ', '\u200f5,000,000'])
      expect(parseCountedAmount(raw, 5_000_000), raw).toEqual({ ok: true, value: 5_000_000 });
  });
});

describe("a count against the day's own figures", () => {
  it('takes the figure a day of legal payments expects, however large, in the drawer and on the slip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 * MAX_RIALS }), (expected) => {
        expect(parseCountedAmount(String(expected), expected)).toEqual({ ok: true, value: expected });
        // A surplus as large as any drawer could hold is still counted, not refused.
        expect(parseCountedAmount(String(expected + MAX_COUNTED_RIALS), expected).ok).toBe(true);
      }),
    );
  });

  it('refuses a count more than what no drawer holds above what the day expects: a typo', () => {
    const expected = 3 * MAX_RIALS;
    expect(parseCountedAmount(String(expected + MAX_COUNTED_RIALS + 1), expected)).toEqual({
      ok: false,
      error: 'amount_absurd',
    });
    // An extra zero typed on an ordinary day.
    expect(parseCountedAmount('25000000000000', 2_500_000_000_000 / 10)).toEqual({
      ok: false,
      error: 'amount_absurd',
    });
    // A negative expectation (refunds above the takings) bounds the count as a zero one does.
    expect(parseCountedAmount(String(MAX_COUNTED_RIALS + 1), -5_000_000)).toEqual({
      ok: false,
      error: 'amount_absurd',
    });
  });
});

describe('differences and their notes', () => {
  const recon = reconcile({ openingFloat: 1_000_000, transactions: [], movements: [], lateVoids: [] });

  it('is counted minus expected, and every non-zero difference needs a note', () => {
    const diff = differences(recon, { cash: 900_000, cardSlip: 0 });
    expect(diff).toEqual({ cash: -100_000, card: 0 });
    expect(missingNotes(diff, { cash: '  ', card: '' })).toEqual(['cash']);
    expect(missingNotes(diff, { cash: 'اسکناس پاره', card: '' })).toEqual([]);
    expect(
      missingNotes(differences(recon, { cash: 1_000_000, cardSlip: 5 }), { cash: '', card: '' }),
    ).toEqual(['card']);
  });
});

describe('the business date a save belongs to', () => {
  it('is today until today is closed, then the day after the last one closed', () => {
    expect(businessDateAfter('2025-03-20', null)).toBe('2025-03-20');
    expect(businessDateAfter('2025-03-20', '2025-03-19')).toBe('2025-03-20');
    expect(businessDateAfter('2025-03-20', '2025-03-20')).toBe('2025-03-21');
    // The PC's clock went back: still never a closed day.
    expect(businessDateAfter('2025-03-18', '2025-03-20')).toBe('2025-03-21');
  });

  it('crosses month and year ends, leap days included', () => {
    expect(nextIsoDate('2024-02-28')).toBe('2024-02-29');
    expect(nextIsoDate('2024-02-29')).toBe('2024-03-01');
    expect(nextIsoDate('2025-12-31')).toBe('2026-01-01');
  });

  it('is never on or before a closed day, and never before today', () => {
    const iso = fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2090-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(iso, fc.option(iso, { nil: null }), (today, closed) => {
        const d = businessDateAfter(today, closed);
        expect(d >= today).toBe(true);
        if (closed !== null) expect(d > closed).toBe(true);
      }),
    );
  });
});
