import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import currentSample from '../../../../resources/catalog/sample-catalog.json';
import { catalogSchema, type Catalog } from '../../../../shared/catalog/schema';
import { tariffFor } from '../../../../shared/catalog/tariff';
import { evaluateFee, feeExprSchema, type FeeExpr, type PricedTariff } from '../../../../shared/fees';
import { daysInJalaliMonth } from '../../../../shared/fees/jalali-months';
import { jalaliToGregorian } from '../../../../shared/jalali';
import publishedSample from '../../../support/published-catalogs/sample-1404.1.json';

/**
 * The source of truth for the calendar here is not the project's Jalali library but the persian
 * calendar of ICU, through Intl: every Gregorian day from 1980 to 2060, read as a Jalali date.
 */
const persianParts = new Intl.DateTimeFormat('en-u-ca-persian', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});
const isoOfJalali = new Map<string, string>();
const esfandDays = new Map<number, number>();
for (let t = Date.UTC(1980, 0, 1); t <= Date.UTC(2060, 11, 31); t += 86_400_000) {
  const parts = Object.fromEntries(persianParts.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  const [year, month, day] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  isoOfJalali.set(`${year}/${month}/${day}`, new Date(t).toISOString().slice(0, 10));
  if (month === 12) esfandDays.set(year, Math.max(esfandDays.get(year) ?? 0, day));
}
/** Whole years inside the range, both ends. */
const FIRST_YEAR = 1359;
const LAST_YEAR = 1438;

function iso(year: number, month: number, day: number): string {
  const found = isoOfJalali.get(`${year}/${month}/${day}`);
  if (!found) throw new Error(`no such Jalali day in the range: ${year}/${month}/${day}`);
  return found;
}

const down = { mode: 'down', unit: 1 } as const;
const label = { fa: 'جریمه', en: 'Penalty' };

/** A penalty of 1,000 Rials a month on 1,000,000 a year, so the penalty line is 1,000 × months. */
function penaltyTariff(due: Extract<FeeExpr, { kind: 'late-penalty' }>['due']): PricedTariff {
  const expr: FeeExpr = {
    kind: 'late-penalty',
    of: { kind: 'fixed', amount: 1_000_000 },
    monthlyRatio: { num: 1, den: 1000 },
    due,
    overdueYears: 'years',
    rounding: down,
  };
  return {
    version: 1,
    officeFee: 0,
    rule: { lines: [{ key: 'late-penalty', label, effect: 'charge', amount: expr }] },
  };
}

function monthsCharged(tariff: PricedTariff, years: number, today: string): number {
  const result = evaluateFee(tariff, { years }, { today });
  if (!result.ok) throw new Error(`fee failed: ${result.error.code}`);
  return result.value.municipalTotal / 1000;
}

const endOfEsfand = penaltyTariff({ from: 'annual', jalaliMonth: 12, jalaliDay: 'last' });

describe('leap years', () => {
  it('gives Esfand 30 days exactly in the years the persian calendar does (1399, 1403 leap; 1404 not)', () => {
    expect(esfandDays.get(1399)).toBe(30);
    expect(esfandDays.get(1403)).toBe(30);
    expect(esfandDays.get(1404)).toBe(29);
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year += 1) {
      expect([year, daysInJalaliMonth(year, 12)]).toEqual([year, esfandDays.get(year)]);
    }
  });
});

describe('a late penalty due at the end of the year (jalaliDay: last)', () => {
  it('is accepted by the rule schema, and a day past 29 or another word still is not', () => {
    const penalty = (jalaliDay: unknown) => ({
      kind: 'late-penalty',
      of: { kind: 'fixed', amount: 1 },
      monthlyRatio: { num: 1, den: 100 },
      due: { from: 'annual', jalaliMonth: 12, jalaliDay },
      rounding: down,
    });
    expect(feeExprSchema.safeParse(penalty('last')).success).toBe(true);
    expect(feeExprSchema.safeParse(penalty(29)).success).toBe(true);
    for (const bad of [30, 0, 'first', 'Last', '29', null]) {
      expect(feeExprSchema.safeParse(penalty(bad)).success).toBe(false);
    }
  });

  it('charges the first month of 1403 on 1404/01/30, not 01/29, since 1403 ended on Esfand 30', () => {
    // Two unpaid years: 1404 (not due yet) and 1403, due 1403/12/30.
    expect(monthsCharged(endOfEsfand, 2, iso(1404, 1, 28))).toBe(0);
    expect(monthsCharged(endOfEsfand, 2, iso(1404, 1, 29))).toBe(0);
    expect(monthsCharged(endOfEsfand, 2, iso(1404, 1, 30))).toBe(1);
    // 1404 is common: its year ends on Esfand 29, so a month is whole on 1405/01/29.
    expect(monthsCharged(endOfEsfand, 2, iso(1405, 1, 28))).toBe(0);
    expect(monthsCharged(endOfEsfand, 2, iso(1405, 1, 29))).toBe(1);
  });

  it('counts every year from its own end: 1399 and 1403 from Esfand 30, the others from Esfand 29', () => {
    // Today 1404/02/29, six unpaid years 1404…1399. 1404 not due; 1403 due 12/30 → 1 month
    // (29 < 30); 1402, 1401, 1400 due 12/29 → 14, 26, 38; 1399 due 12/30 → 49.
    expect(monthsCharged(endOfEsfand, 6, iso(1404, 2, 29))).toBe(0 + 1 + 14 + 26 + 38 + 49);
  });

  it('counts one whole month from the end of any year on the day the persian calendar says', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: FIRST_YEAR, max: LAST_YEAR - 1 }),
        fc.integer({ min: 1, max: 31 }),
        (year, day) => {
          const lastDay = esfandDays.get(year) ?? Number.NaN;
          // Today Farvardin `day` of the next year: that year is not due, `year` has one month once
          // Farvardin reaches the day Esfand ended on.
          expect(monthsCharged(endOfEsfand, 2, iso(year + 1, 1, day))).toBe(day >= lastDay ? 1 : 0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('charges twelve months for the year before on the last day of any year', () => {
    for (let year = FIRST_YEAR + 1; year <= LAST_YEAR; year += 1) {
      const lastDay = esfandDays.get(year) ?? Number.NaN;
      const lastDayBefore = esfandDays.get(year - 1) ?? Number.NaN;
      // Today the end of `year`: `year` itself is due today (0 months), the year before has 12.
      expect([year, monthsCharged(endOfEsfand, 2, iso(year, 12, lastDay))]).toEqual([year, 12]);
      // The day before, the twelfth month is whole only if the year before ended on an earlier day.
      const dayBefore = monthsCharged(endOfEsfand, 2, iso(year, 12, lastDay - 1));
      expect([year, dayBefore]).toEqual([year, lastDay - 1 >= lastDayBefore ? 12 : 11]);
    }
  });
});

describe('catalogs published with a numbered due day price exactly as before', () => {
  it('prices an annual day as the same day of the current year given as a fixed date', () => {
    // The fixed-date path is untouched by `last`; a numbered annual day must keep meaning that day of
    // today's Jalali year, moved back a year per unpaid year.
    fc.assert(
      fc.property(
        fc.integer({ min: FIRST_YEAR + 10, max: LAST_YEAR }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 29 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 29 }),
        fc.integer({ min: 0, max: 8 }),
        (year, month, day, todayMonth, todayDay, years) => {
          const today = iso(year, todayMonth, todayDay);
          const annual = penaltyTariff({ from: 'annual', jalaliMonth: month, jalaliDay: day });
          const fixed = penaltyTariff({ from: 'fixed', date: iso(year, month, day) });
          expect(monthsCharged(annual, years, today)).toBe(monthsCharged(fixed, years, today));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps the published sample-1404.1 charging its Esfand 29 due date, leap years included', () => {
    // sample-1404.1 is out: a counter priced with it and the server re-checks with it. Its vehicle
    // tariff says 12/29, so on 1404/01/29 it charges a month for 1403, as it always did.
    const published: Catalog = catalogSchema.parse(publishedSample);
    const values = { plate: '12ب345-67', vehicleClass: 'passenger-car', engineCc: 1600, unpaidYears: 2 };
    const penalty = (catalog: Catalog, today: string) => {
      const tariff = tariffFor(catalog, 'vehicle-dues', today);
      if (!tariff) throw new Error('no vehicle tariff');
      const result = evaluateFee(tariff, values, { today });
      if (!result.ok) throw new Error(result.error.code);
      return result.value.lines.find((l) => l.key === 'late-penalty')?.amount ?? 0;
    };
    expect(penalty(published, iso(1404, 1, 28))).toBe(0);
    expect(penalty(published, iso(1404, 1, 29))).toBe(50_000);
    expect(penalty(published, iso(1405, 1, 29))).toBe(50_000);

    // The sample shipped now says the end of the year, under a new catalog and tariff version.
    const current: Catalog = catalogSchema.parse(currentSample);
    expect(current.catalogVersion).not.toBe(published.catalogVersion);
    expect(tariffFor(current, 'vehicle-dues', iso(1404, 1, 29))?.version).toBe(2);
    expect(penalty(current, iso(1404, 1, 29))).toBe(0);
    expect(penalty(current, iso(1404, 1, 30))).toBe(50_000);
    expect(penalty(current, iso(1405, 1, 29))).toBe(50_000);
  });
});

it('has a Jalali library that agrees with the persian calendar on the days used here', () => {
  expect(jalaliToGregorian({ year: 1403, month: 12, day: 30 })).toBe(iso(1403, 12, 30));
  expect(jalaliToGregorian({ year: 1404, month: 1, day: 1 })).toBe(iso(1404, 1, 1));
});
