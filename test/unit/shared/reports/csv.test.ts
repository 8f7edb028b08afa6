import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  jalaliRange,
  reportCsvRows,
  toCsv,
  UTF8_BOM,
  type Cell,
  type RangeReport,
} from '../../../../shared/reports';

/** A strict RFC 4180 reader, to read back what toCsv wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('CSV for Excel', () => {
  it('starts with a BOM and reads back every cell, Persian, quotes, commas and line breaks included', () => {
    const cell: fc.Arbitrary<Cell> = fc.oneof(
      fc.string({ unit: fc.constantFrom('ع', 'ی', '‌', '"', ',', '\n', '\r\n', 'a', ' ', '۱') }),
      fc.integer({ min: -1e12, max: 1e12 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        (rows) => {
          const csv = toCsv(rows);
          expect(csv.startsWith(UTF8_BOM)).toBe(true);
          const expected = rows.map((r) =>
            r.map((c) => (typeof c === 'string' && /^[=+\-@\t\r]/.test(c) ? `'${c}` : String(c))),
          );
          expect(parseCsv(csv.slice(1))).toEqual(expected);
        },
      ),
    );
  });

  it('keeps a code of digits as text, leading zero and all', () => {
    expect(toCsv([['01230112345674', 5]])).toBe(`${UTF8_BOM}"=""01230112345674""",5\r\n`);
    expect(parseCsv(toCsv([['01230112345674']]).slice(1))).toEqual([['="01230112345674"']]);
  });

  it('keeps amounts as plain numbers and defuses formulas', () => {
    expect(toCsv([['=HYPERLINK("x")', 1_234_567, -50_000]])).toBe(
      `${UTF8_BOM}"'=HYPERLINK(""x"")",1234567,-50000\r\n`,
    );
  });

  it('writes every table of a report with Jalali dates', () => {
    const report: RangeReport = {
      from: '2025-11-22',
      to: '2025-11-23',
      totals: {
        count: 2,
        municipal: 900,
        office: 100,
        total: 1000,
        voidedCount: 1,
        voidedTotal: 5,
        refundCount: 1,
        refundTotal: 300,
        refundMunicipal: 270,
        refundOffice: 30,
      },
      byDay: [
        {
          date: '2025-11-22',
          count: 1,
          municipal: 450,
          office: 50,
          total: 500,
          voidedCount: 0,
          voidedTotal: 0,
          refundCount: 0,
          refundTotal: 0,
          refundMunicipal: 0,
          refundOffice: 0,
        },
        {
          date: '2025-11-23',
          count: 1,
          municipal: 450,
          office: 50,
          total: 500,
          voidedCount: 1,
          voidedTotal: 5,
          refundCount: 1,
          refundTotal: 300,
          refundMunicipal: 270,
          refundOffice: 30,
        },
      ],
      byService: [
        {
          serviceCode: 'waste-fee',
          serviceName: { fa: 'عوارض پسماند', en: 'Waste fee' },
          count: 2,
          municipal: 900,
          office: 100,
          total: 1000,
          voidedCount: 1,
          voidedTotal: 5,
          refundCount: 1,
          refundTotal: 300,
          refundMunicipal: 270,
          refundOffice: 30,
        },
      ],
      byOperator: [],
      byMethod: [{ method: 'cash', payments: 2, amount: 1000, changeGiven: 40, refunds: 1, refunded: 300 }],
    };
    const rows = parseCsv(toCsv(reportCsvRows(report, 'fa')).slice(1));
    expect(rows[0]).toEqual(['روزانه']);
    expect(rows[1]).toContain('برگشت وجه روزهای قبل (ریال)');
    expect(rows[1]).toContain('سهم شهرداری پس از برگشت (ریال)');
    const day1 = ['1404/09/01', '1', '450', '50', '500', '0', '0', '0', '0', '0', '0', '450', '50', '500'];
    expect(rows[2]).toEqual(day1);
    // Each share net of the refunds: the municipality's 900 less the 270 refunded, the office's 100 less 30.
    const net = ['270', '30', '630', '70', '700'];
    expect(rows[4]).toEqual(['جمع کل', '2', '900', '100', '1000', '1', '5', '1', '300', ...net]);
    expect(rows).toContainEqual(['عوارض پسماند', '2', '900', '100', '1000', '1', '5', '1', '300', ...net]);
    expect(rows).toContainEqual(['نقد', '2', '1000', '40', '1', '300']);
  });
});

describe('a Jalali report range', () => {
  it('becomes Gregorian business dates, both ends included', () => {
    expect(jalaliRange({ year: 1404, month: 1, day: 1 }, { year: 1404, month: 12, day: 29 })).toEqual({
      ok: true,
      from: '2025-03-21',
      to: '2026-03-20',
    });
  });

  it('refuses dates that do not exist, a reversed range and one longer than 400 days', () => {
    expect(jalaliRange({ year: 1404, month: 12, day: 30 }, { year: 1404, month: 12, day: 30 })).toEqual({
      ok: false,
      problem: 'from_invalid',
    });
    expect(jalaliRange({ year: 1403, month: 12, day: 30 }, { year: 1403, month: 7, day: 31 })).toEqual({
      ok: false,
      problem: 'to_invalid',
    });
    expect(jalaliRange({ year: 1404, month: 2, day: 1 }, { year: 1404, month: 1, day: 1 })).toEqual({
      ok: false,
      problem: 'range_reversed',
    });
    expect(jalaliRange({ year: 1402, month: 1, day: 1 }, { year: 1404, month: 1, day: 1 })).toEqual({
      ok: false,
      problem: 'range_too_long',
    });
  });
});
