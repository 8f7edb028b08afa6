import { describe, expect, it } from 'vitest';
import { evaluateFee, type FeeExpr, type FeeRule, type PricedTariff } from '../../../../shared/fees';
import { MAX_RIALS, paymentInputSchema } from '../../../../shared/payments';

const label = { fa: 'عوارض', en: 'Dues' };
const down = { mode: 'down', unit: 1 } as const;

function tariff(amount: FeeExpr, officeFee = 150_000): PricedTariff {
  return { version: 7, officeFee, rule: { lines: [{ key: 'dues', label, effect: 'charge', amount }] } };
}

const today = '2025-06-15'; // 1404/03/25

describe('evaluateFee errors', () => {
  const perArea: FeeExpr = { kind: 'per-unit', field: 'area', rate: 1000, per: 100, rounding: down };

  it('reports a missing field with its key instead of computing', () => {
    expect(evaluateFee(tariff(perArea), {}, { today })).toEqual({
      ok: false,
      error: { code: 'fee_field_missing', messageKey: 'catalog.fee_field_missing', field: 'area' },
    });
    expect(evaluateFee(tariff(perArea), { area: '' }, { today }).ok).toBe(false);
  });

  it.each([[-1], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY], ['120'], [true], [2 ** 53]])(
    'refuses %s as a number of units',
    (value) => {
      const result = evaluateFee(tariff(perArea), { area: value }, { today });
      expect(result).toMatchObject({ ok: false, error: { code: 'fee_field_invalid', field: 'area' } });
    },
  );

  it('refuses a choice the rule does not know', () => {
    const expr: FeeExpr = {
      kind: 'match',
      field: 'use',
      cases: [{ values: ['a'], then: { kind: 'fixed', amount: 1 } }],
    };
    const result = evaluateFee(tariff(expr), { use: 'b' }, { today });
    expect(result).toMatchObject({ ok: false, error: { code: 'fee_field_invalid', field: 'use' } });
  });

  it('refuses a malformed today rather than guessing', () => {
    const result = evaluateFee(tariff({ kind: 'fixed', amount: 1 }), {}, { today: '1404/03/25' });
    expect(result).toMatchObject({ ok: false, error: { code: 'fee_today_invalid' } });
  });

  it('reports an amount beyond MAX_SAFE_INTEGER instead of losing precision', () => {
    const expr: FeeExpr = { kind: 'times-field', of: { kind: 'fixed', amount: 2 ** 52 }, field: 'years' };
    const result = evaluateFee(tariff(expr), { years: 3 }, { today });
    expect(result).toMatchObject({ ok: false, error: { code: 'fee_amount_too_large' } });
  });

  it('refuses a total no payment can carry, and prices one at that limit', () => {
    const dues = (amount: number) => tariff({ kind: 'fixed', amount }, 150_000);
    expect(evaluateFee(dues(MAX_RIALS - 150_000 + 1), {}, { today })).toMatchObject({
      ok: false,
      error: { code: 'fee_amount_too_large' },
    });
    const atLimit = evaluateFee(dues(MAX_RIALS - 150_000), {}, { today });
    expect(atLimit).toMatchObject({ ok: true, value: { total: MAX_RIALS } });
    // ...which a payment does carry.
    if (atLimit.ok)
      expect(
        paymentInputSchema.safeParse({
          method: 'card',
          amount: atLimit.value.total,
          reference: '123456789012',
        }).success,
      ).toBe(true);
  });

  it('reports charges whose lines would not add up exactly as numbers, even when the total would', () => {
    // 2^53 - 1 in charges, then 2 more, then a discount of 3: the total is safe, the lines' sum is not.
    const rule: FeeRule = {
      lines: [
        { key: 'dues', label, effect: 'charge', amount: { kind: 'fixed', amount: Number.MAX_SAFE_INTEGER } },
        { key: 'penalty', label, effect: 'charge', amount: { kind: 'fixed', amount: 2 } },
        { key: 'discount', label, effect: 'discount', amount: { kind: 'fixed', amount: 3 } },
      ],
    };
    const result = evaluateFee({ version: 1, officeFee: 0, rule }, {}, { today });
    expect(result).toMatchObject({ ok: false, error: { code: 'fee_amount_too_large' } });
    // Within the limit, the lines add up to the total.
    const fits = evaluateFee(
      {
        version: 1,
        officeFee: 1,
        rule: { lines: rule.lines.map((l) => ({ ...l, amount: { kind: 'fixed', amount: 10 } })) },
      },
      {},
      { today },
    );
    expect(fits).toMatchObject({ ok: true, value: { total: 11 } });
  });

  it('reports a discount larger than the charges', () => {
    const rule: FeeRule = {
      lines: [
        { key: 'dues', label, effect: 'charge', amount: { kind: 'fixed', amount: 100 } },
        { key: 'discount', label, effect: 'discount', amount: { kind: 'fixed', amount: 101 } },
      ],
    };
    const result = evaluateFee({ version: 1, officeFee: 0, rule }, {}, { today });
    expect(result).toMatchObject({ ok: false, error: { code: 'fee_negative_total' } });
  });

  it('reports a hand-built rule with a negative amount as an invalid rule, not a negative fee', () => {
    const result = evaluateFee(tariff({ kind: 'fixed', amount: -5 }), {}, { today });
    expect(result).toMatchObject({ ok: false, error: { code: 'fee_rule_invalid' } });
  });

  it('refuses more overdue years than anyone could owe', () => {
    const expr: FeeExpr = {
      kind: 'late-penalty',
      of: { kind: 'fixed', amount: 1000 },
      monthlyRatio: { num: 1, den: 100 },
      due: { from: 'annual', jalaliMonth: 12, jalaliDay: 29 },
      overdueYears: 'years',
      rounding: down,
    };
    expect(evaluateFee(tariff(expr), { years: 101 }, { today })).toMatchObject({
      ok: false,
      error: { code: 'fee_field_invalid', field: 'years' },
    });
  });
});

describe('evaluateFee rules', () => {
  it('takes a percentage of a money field', () => {
    // 1.5% of 12,345,678 = 185,185.17 → down to 10 → 185,180
    const expr: FeeExpr = {
      kind: 'percentage',
      of: { kind: 'field', field: 'value' },
      ratio: { num: 150, den: 10_000 },
      rounding: { mode: 'down', unit: 10 },
    };
    const result = evaluateFee(tariff(expr), { value: 12_345_678 }, { today });
    expect(result.ok && result.value.municipalTotal).toBe(185_180);
  });

  it('clamps to the maximum', () => {
    const expr: FeeExpr = { kind: 'clamp', of: { kind: 'field', field: 'value' }, min: 10, max: 1000 };
    const result = evaluateFee(tariff(expr), { value: 5000 }, { today });
    expect(result.ok && result.value.municipalTotal).toBe(1000);
  });

  it('counts the penalty from a due date field', () => {
    // due 2025-01-20 = 1403/11/01; today 1404/03/25 → 4 whole months; 1,000,000 × 2% × 4 = 80,000
    const expr: FeeExpr = {
      kind: 'late-penalty',
      of: { kind: 'fixed', amount: 1_000_000 },
      monthlyRatio: { num: 2, den: 100 },
      due: { from: 'field', field: 'dueDate' },
      rounding: down,
    };
    const result = evaluateFee(tariff(expr), { dueDate: '2025-01-20' }, { today });
    expect(result.ok && result.value.municipalTotal).toBe(80_000);
    expect(evaluateFee(tariff(expr), { dueDate: '1403/11/01' }, { today })).toMatchObject({
      ok: false,
      error: { code: 'fee_field_invalid', field: 'dueDate' },
    });
  });

  it('counts the penalty from a fixed date in the tariff', () => {
    // due 2025-03-21 = 1404/01/01; today 1404/03/25 → 2 whole months; 1,000,000 × 1% × 2 = 20,000
    const expr: FeeExpr = {
      kind: 'late-penalty',
      of: { kind: 'fixed', amount: 1_000_000 },
      monthlyRatio: { num: 1, den: 100 },
      due: { from: 'fixed', date: '2025-03-21' },
      rounding: down,
    };
    const result = evaluateFee(tariff(expr), {}, { today });
    expect(result.ok && result.value.municipalTotal).toBe(20_000);
  });

  it('keeps the office fee on its own line and records the tariff version', () => {
    const result = evaluateFee(tariff({ kind: 'fixed', amount: 500_000 }), {}, { today });
    expect(result).toMatchObject({
      ok: true,
      value: {
        lines: [
          { key: 'dues', kind: 'municipal', amount: 500_000 },
          { key: 'office-fee', kind: 'office', amount: 150_000 },
        ],
        municipalTotal: 500_000,
        officeTotal: 150_000,
        total: 650_000,
        tariffVersion: 7,
      },
    });
  });

  it('ignores values of fields the rule does not read', () => {
    const result = evaluateFee(
      tariff({ kind: 'fixed', amount: 1 }),
      { other: Number.NaN, fee: 999 },
      { today },
    );
    expect(result.ok && result.value.total).toBe(150_001);
  });
});
