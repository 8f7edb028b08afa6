import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CUT_MARK, cutText, fitDetails, storableText } from '../../../../shared/audit/limits';

/** Any UTF-16 code units: lone surrogates and U+0000 included. */
const anyUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  maxLength: 300,
});
/** Well-formed text, astral characters (surrogate pairs) included. */
const wellFormed = fc.string({ unit: 'binary', maxLength: 300 });

function isWellFormed(text: string): boolean {
  return Buffer.from(text, 'utf8').toString('utf8') === text;
}

describe('the audit fields as the municipality takes them', () => {
  it('storable text has no lone surrogate and no U+0000, and leaves other text alone', () => {
    fc.assert(
      fc.property(anyUnits, (text) => {
        const stored = storableText(text);
        expect(isWellFormed(stored)).toBe(true);
        expect(stored).not.toContain('\0');
        expect(stored).toHaveLength(text.length);
      }),
    );
    fc.assert(
      fc.property(
        wellFormed.filter((t) => !t.includes('\0')),
        (text) => {
          expect(storableText(text)).toBe(text);
        },
      ),
    );
  });

  it('cut text fits, keeps the start (and the end when asked), and never splits a surrogate pair', () => {
    fc.assert(
      fc.property(
        wellFormed,
        fc.integer({ min: 2, max: 300 }),
        fc.constantFrom('start', 'ends'),
        (text, max, keep) => {
          const cut = cutText(text, max, keep as 'start' | 'ends');
          expect(cut.length).toBeLessThanOrEqual(max);
          expect(isWellFormed(cut)).toBe(true);
          if (text.length <= max) {
            expect(cut).toBe(text);
            return;
          }
          expect(cut.length).toBeGreaterThanOrEqual(max - 2);
          const marks = keep === 'start' ? [cut.length - 1] : [...cut.matchAll(/…/g)].map((m) => m.index);
          const keptEnds = (mark: number) =>
            cut[mark] === CUT_MARK &&
            text.startsWith(cut.slice(0, mark)) &&
            text.endsWith(cut.slice(mark + 1));
          expect(marks.some(keptEnds)).toBe(true);
        },
      ),
    );
  });

  it("keeps a long backup file's date and extension when cut in the middle", () => {
    const name = `${'پشتیبان-'.repeat(40)}2025-11-28T10-00-00.db`;
    const cut = cutText(name, 200, 'ends');
    expect(cut).toHaveLength(200);
    expect(cut).toMatch(/^پشتیبان-پشتیبان-.*….*2025-11-28T10-00-00\.db$/);
  });

  it('details too long to keep whole become valid JSON that fits and says so', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ noUnicodeString: false }),
        fc.integer({ min: 80, max: 400 }),
        (value, max) => {
          const json = JSON.stringify({ value });
          const fitted = fitDetails(json, max);
          expect(fitted.length).toBeLessThanOrEqual(max);
          if (json.length <= max) {
            expect(fitted).toBe(json);
            return;
          }
          const parsed = JSON.parse(fitted) as { detailsCut: { length: number; start: string } };
          expect(parsed.detailsCut.length).toBe(json.length);
          expect(json.startsWith(parsed.detailsCut.start.slice(0, -1))).toBe(true);
        },
      ),
    );
  });
});
