import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluateFee,
  FEE_ERROR_CODES,
  feeRuleSchema,
  type FeeExpr,
  type FeeLineRule,
  type FeeRule,
  type Rounding,
} from '../../../../shared/fees';

/**
 * Random rules over a fixed form: `n` a count, `a` an area, `m` money, `c` a choice of x/y/z and
 * `d` a due date. Every generated rule is schema-valid, so these are rules a catalog could publish.
 */
const CHOICES = ['x', 'y', 'z'] as const;

const amount = fc.integer({ min: 0, max: 10_000_000_000 });
const rounding: fc.Arbitrary<Rounding> = fc.record({
  mode: fc.constantFrom('down', 'up', 'half-up'),
  unit: fc.constantFrom(1, 10, 1000),
});
const ratio = fc.record({
  num: fc.integer({ min: 0, max: 20_000 }),
  den: fc.constantFrom(1, 100, 1000, 10_000),
});
const quantityField = fc.constantFrom('n', 'a', 'm');
const isoDate = fc
  .date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const { expr } = fc.letrec<{ expr: FeeExpr }>((tie) => {
  const sub = tie('expr');
  return {
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ kind: fc.constant('fixed' as const), amount }),
      fc.record({ kind: fc.constant('field' as const), field: fc.constant('m') }),
      fc.record({
        kind: fc.constant('per-unit' as const),
        field: quantityField,
        rate: fc.integer({ min: 0, max: 100_000_000 }),
        per: fc.constantFrom(1, 100),
        rounding,
      }),
      fc.record({ kind: fc.constant('percentage' as const), of: sub, ratio, rounding }),
      fc.record({ kind: fc.constant('sum' as const), terms: fc.array(sub, { minLength: 1, maxLength: 3 }) }),
      fc
        .tuple(quantityField, fc.uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 3 }), sub)
        .chain(([field, bounds, last]) =>
          fc.array(sub, { minLength: bounds.length, maxLength: bounds.length }).map((thens) => ({
            kind: 'brackets' as const,
            field,
            brackets: [
              ...[...bounds].sort((p, q) => p - q).map((upTo, i) => ({ upTo, then: thens[i]! })),
              { upTo: null, then: last },
            ],
          })),
        ),
      fc.record({
        kind: fc.constant('match' as const),
        field: fc.constant('c'),
        cases: fc.tuple(sub, sub).map(([x, y]) => [
          { values: ['x'], then: x },
          { values: ['y', 'z'], then: y },
        ]),
      }),
      fc.record(
        {
          kind: fc.constant('clamp' as const),
          of: sub,
          min: fc.integer({ min: 0, max: 1_000_000 }),
          max: fc.integer({ min: 1_000_000, max: 1_000_000_000 }),
        },
        { requiredKeys: ['kind', 'of'] },
      ),
      fc.record({ kind: fc.constant('times-field' as const), of: sub, field: fc.constant('n') }),
      fc.record(
        {
          kind: fc.constant('late-penalty' as const),
          of: sub,
          monthlyRatio: ratio,
          due: fc.oneof(
            fc.constant({ from: 'field' as const, field: 'd' }),
            isoDate.map((date) => ({ from: 'fixed' as const, date })),
            fc.record({
              from: fc.constant('annual' as const),
              jalaliMonth: fc.integer({ min: 1, max: 12 }),
              jalaliDay: fc.integer({ min: 1, max: 29 }),
            }),
          ),
          overdueYears: fc.constant('n'),
          maxMonths: fc.integer({ min: 1, max: 60 }),
          rounding,
        },
        { requiredKeys: ['kind', 'of', 'monthlyRatio', 'due', 'rounding'] },
      ),
    ),
  };
});

/** Up to four lines; a later line may be a discount of a share (≤ 100%) of an earlier one. */
const rule: fc.Arbitrary<FeeRule> = fc
  .array(fc.tuple(expr, fc.boolean(), fc.integer({ min: 0, max: 100 })), { minLength: 0, maxLength: 4 })
  .map((parts) => ({
    lines: parts.map(([amountExpr, discount, percent], i): FeeLineRule => {
      const label = { fa: `سطر ${i}`, en: `line ${i}` };
      if (discount && i > 0) {
        return {
          key: `line-${i}`,
          label,
          effect: 'discount',
          amount: {
            kind: 'percentage',
            of: { kind: 'line', key: `line-${i - 1}` },
            ratio: { num: percent, den: 100 },
            rounding: { mode: 'down', unit: 1 },
          },
        };
      }
      return { key: `line-${i}`, label, effect: 'charge', amount: amountExpr };
    }),
  }));

const values = fc.record({
  n: fc.integer({ min: 0, max: 30 }),
  a: fc.integer({ min: 0, max: 10_000_000 }),
  m: fc.integer({ min: 0, max: 1_000_000_000_000 }),
  c: fc.constantFrom(...CHOICES),
  d: isoDate,
});

const tariff = fc.record({
  version: fc.integer({ min: 1, max: 50 }),
  rule,
  officeFee: fc.integer({ min: 0, max: 10_000_000 }),
});

describe('evaluateFee properties', () => {
  it('generates only rules the catalog schema accepts', () => {
    fc.assert(fc.property(rule, (r) => feeRuleSchema.safeParse(r).success));
  });

  it('gives a non-negative whole total whose lines and parts add up, or a known error code', () => {
    fc.assert(
      fc.property(tariff, values, isoDate, (t, v, today) => {
        const result = evaluateFee(t, v, { today });
        if (!result.ok) {
          expect(FEE_ERROR_CODES).toContain(result.error.code);
          return;
        }
        const { lines, total, municipalTotal, officeTotal } = result.value;
        for (const n of [total, municipalTotal, officeTotal, ...lines.map((l) => l.amount)]) {
          expect(Number.isSafeInteger(n)).toBe(true);
        }
        expect(total).toBeGreaterThanOrEqual(0);
        expect(municipalTotal).toBeGreaterThanOrEqual(0);
        expect(lines.reduce((s, l) => s + l.amount, 0)).toBe(total);
        expect(municipalTotal + officeTotal).toBe(total);
        expect(lines.filter((l) => l.kind === 'office')).toEqual([
          expect.objectContaining({ amount: t.officeFee }),
        ]);
        expect(result.value.tariffVersion).toBe(t.version);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same breakdown for the same input', () => {
    fc.assert(
      fc.property(tariff, values, isoDate, (t, v, today) => {
        expect(evaluateFee(t, v, { today })).toEqual(evaluateFee(structuredClone(t), { ...v }, { today }));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws and never yields NaN whatever the field values are', () => {
    const junk = fc.oneof(
      fc.anything(),
      fc.double(),
      fc.integer({ min: -1_000_000, max: -1 }),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, '', null, undefined, '۱۲۳'),
    );
    fc.assert(
      fc.property(
        tariff,
        fc.record({ n: junk, a: junk, m: junk, c: junk, d: junk }),
        isoDate,
        (t, v, today) => {
          const result = evaluateFee(t, v, { today });
          if (result.ok) expect(Number.isSafeInteger(result.value.total)).toBe(true);
          else expect(FEE_ERROR_CODES).toContain(result.error.code);
        },
      ),
      { numRuns: 300 },
    );
  });
});
