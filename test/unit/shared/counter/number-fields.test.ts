import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digitSet, grouped, inScripts, withMarks } from '../../../support/number-text';
import type { Service } from '../../../../shared/catalog/schema';
import { checkFieldValues } from '../../../../shared/counter/field-values';

/** A form with a count and an area, without bounds, so only the reading of the number is tested. */
const form: Service = {
  code: 'numbers',
  name: { fa: 'اعداد', en: 'Numbers' },
  category: { code: 'test', name: { fa: 'آزمون', en: 'Test' } },
  requiredDocuments: [],
  active: true,
  fields: [
    { key: 'count', label: { fa: 'تعداد', en: 'Count' }, type: 'integer', required: false },
    { key: 'area', label: { fa: 'مساحت', en: 'Area' }, type: 'area', required: false },
  ],
};

function check(raw: Record<string, string>) {
  return checkFieldValues(form, raw);
}
const count = (raw: string) => check({ count: raw });
const area = (raw: string) => check({ area: raw });

// What a paste or a keyboard adds that shows nothing: LRM, RLM, ALM, ZWNJ, ZWSP, BOM, NBSP, space.
const STRAY = ['\u200e', '\u200f', '\u061c', '\u200c', '\u200b', '\ufeff', '\u00a0', ' '];
const THOUSANDS = [',', '\u060c', '\u066c', "'"];

const strays = fc.array(fc.tuple(fc.nat(), fc.constantFrom(...STRAY)), { maxLength: 4 });
const separatorsOrNone = fc.option(fc.array(fc.constantFrom(...THOUSANDS), { minLength: 1, maxLength: 4 }));

describe('integer fields read numbers as the other numeric fields do', () => {
  it.each([
    ['1،600', 1600],
    ['۱،۶۰۰', 1600],
    ['1,600', 1600],
    ['۱٬۶۰۰', 1600],
    ['\u200f1600', 1600],
    ['1600\u200c', 1600],
    ['\u200e۱۶۰۰\u200f', 1600],
    ['1,234,567', 1_234_567],
    ['۰۰۱۶', 16],
  ])('reads %j as %d', (raw, n) => {
    expect(count(raw)).toEqual({ ok: true, values: { count: n } });
  });

  it.each([
    '1,60',
    '16٬00',
    '1,6000',
    '-1',
    '+1',
    '1.5',
    '1٫0',
    '1,5',
    '12a',
    ',160',
    '160,',
    '1,,600',
    'ده',
    '0,500',
    '0٬500',
    "0'500",
    '0،500',
    '00,500',
    '000,250',
    '۰٬۵۰۰',
    '0,500,000',
  ])('still refuses %j as field_not_integer', (raw) => {
    expect(count(raw)).toEqual({ ok: false, errors: { count: 'field_not_integer' } });
  });

  it('reads any whole number in any digits, grouped or not, with stray marks, as itself', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }).filter((n) => String(n).length <= 15),
        fc.array(digitSet, { minLength: 1, maxLength: 3 }),
        separatorsOrNone,
        strays,
        (n, scripts, separators, marks) => {
          const digits = separators ? grouped(String(n), separators) : String(n);
          const raw = withMarks(inScripts(digits, scripts), marks);
          expect(count(raw)).toEqual({ ok: true, values: { count: n } });
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('area fields read thousands separators and decimal marks', () => {
  it.each([
    ['1,250.5', 125_050],
    ['1،250٫5', 125_050],
    ['۱٬۲۵۰٫۵۰', 125_050],
    ['1250,5', 125_050],
    ['1250،25', 125_025],
    ['1,250', 125_000],
    ['1,250,75', 125_075],
    ['\u200e250', 25_000],
    ['250\u200f', 25_000],
    ['۲۰۰\u200c٫۵', 20_050],
    ['125/37', 12_537],
  ])('reads %j as %d hundredths', (raw, hundredths) => {
    expect(area(raw)).toEqual({ ok: true, values: { area: hundredths } });
  });

  it.each([
    '1.250,5',
    '1,2500',
    '1,25,0',
    '12,50,5',
    '1.5.5',
    '125.375',
    '1,250.375',
    '125.',
    '.5',
    '-1',
    '12٬5',
    '1٫250٬000',
    '1234567890',
    'abc',
    '0,500',
    '0٬500',
    "0'500",
    '0،500',
    '00,500',
    '000,250',
    '۰٬۵۰۰',
    '0,500.5',
    '0٬250٫75',
  ])('still refuses %j as area_invalid', (raw) => {
    expect(area(raw)).toEqual({ ok: false, errors: { area: 'area_invalid' } });
  });

  it('reads any area in any digits, separators and decimal mark, with stray marks, as itself', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom('none', 'one', 'two'),
        fc.constantFrom('.', '\u066b', '/', ',', '\u060c'),
        fc.array(digitSet, { minLength: 1, maxLength: 3 }),
        separatorsOrNone,
        strays,
        (metres, hundredths, decimals, mark, scripts, separators, marks) => {
          const shown =
            decimals === 'none' ? 0 : decimals === 'one' ? hundredths - (hundredths % 10) : hundredths;
          const fraction =
            decimals === 'none'
              ? ''
              : decimals === 'one'
                ? String(shown / 10)
                : String(shown).padStart(2, '0');
          const whole = separators ? grouped(String(metres), separators) : String(metres);
          const text = fraction === '' ? whole : `${whole}${mark}${fraction}`;
          const raw = withMarks(inScripts(text, scripts), marks);
          expect(area(raw)).toEqual({ ok: true, values: { area: metres * 100 + shown } });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['0,5', 50],
    ['0,50', 50],
    ['0.5', 50],
    ['۰٫۵', 50],
    ['0،25', 25],
    ['0', 0],
    ['00.5', 50],
  ])('still reads a lone 0 before a decimal mark: %j is %d hundredths', (raw, hundredths) => {
    expect(area(raw)).toEqual({ ok: true, values: { area: hundredths } });
  });

  it('refuses a first group of thousands that starts with 0, in any digits and separators', () => {
    // «0,500» meant as 0.5 m² (or with a stray 0) would otherwise be read as 500 m², 1000 times it.
    fc.assert(
      fc.property(
        fc.stringMatching(/^0\d{0,2}$/),
        fc.array(fc.tuple(fc.constantFrom(...THOUSANDS), fc.stringMatching(/^\d{3}$/)), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.option(fc.tuple(fc.constantFrom('.', '\u066b', '/'), fc.stringMatching(/^\d{1,2}$/))),
        fc.array(digitSet, { minLength: 1, maxLength: 3 }),
        strays,
        (first, groups, decimals, scripts, marks) => {
          const whole = first + groups.map(([sep, g]) => sep + g).join('');
          const text = decimals ? whole + decimals[0] + decimals[1] : whole;
          const raw = withMarks(inScripts(text, scripts), marks);
          expect(area(raw)).toEqual({ ok: false, errors: { area: 'area_invalid' } });
          if (!decimals) expect(count(raw)).toEqual({ ok: false, errors: { count: 'field_not_integer' } });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads back every stored area and count as the server re-reads them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), fc.nat(), (hundredths, n) => {
        const typed = `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
        expect(check({ area: typed, count: String(n) })).toEqual({
          ok: true,
          values: { area: hundredths, count: n },
        });
      }),
    );
  });
});

describe('money fields read an amount as the payment and the day close do', () => {
  const priced: Service = {
    ...form,
    fields: [{ key: 'price', label: { fa: 'مبلغ', en: 'Amount' }, type: 'money', required: false }],
  };
  const price = (raw: string) => checkFieldValues(priced, { price: raw });

  it.each([
    ['5,000,000', 5_000_000],
    ['۵٬۰۰۰٬۰۰۰', 5_000_000],
    ['٥،٠٠٠،٠٠٠', 5_000_000],
    ["5'000'000", 5_000_000],
    ['5 000 000', 5_000_000],
    ['\u200f5000000\u200e', 5_000_000],
    ['1,600', 1600],
    ['0500', 500],
  ])('reads %j as %d Rials', (raw, value) => {
    expect(price(raw)).toEqual({ ok: true, values: { price: value } });
  });

  it.each(['5,000,00', '۵٬۰۰۰٬۰۰', '1,5', '16٬00', '0,500', '5 000 00'])(
    'refuses %j, a misplaced group, rather than take a tenth or a hundredth of it',
    (raw) => {
      expect(price(raw)).toEqual({ ok: false, errors: { price: 'amount_grouping' } });
    },
  );

  it.each(['5000.5', '5,000.00', '۵٬۰۰۰٫۵', 'پنج'])('refuses %j: Rials have no fraction', (raw) => {
    expect(price(raw)).toEqual({ ok: false, errors: { price: 'amount_not_digits' } });
  });

  it('reads any amount in any digits and correct groups as itself, and back as the server re-reads it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.array(digitSet, { minLength: 1, maxLength: 3 }),
        separatorsOrNone,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('\u200e', '\u200f', '\u061c', '\u200b', '\ufeff')), {
          maxLength: 4,
        }),
        (n, scripts, separators, marks) => {
          const digits = separators ? grouped(String(n), separators) : String(n);
          const raw = withMarks(inScripts(digits, scripts), marks);
          expect(price(raw)).toEqual({ ok: true, values: { price: n } });
          // The server's re-check reads the stored integer back as its plain digits.
          expect(price(String(n))).toEqual({ ok: true, values: { price: n } });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
