import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  normalizeDigits,
  normalizeForSearch,
  normalizeName,
  normalizeNote,
  toPersianDigits,
} from '../../../../shared/text/normalize';

const ZWNJ = '\u200c';

describe('normalizeDigits', () => {
  it('turns Persian and Arabic-Indic digits into ASCII and leaves other text alone', () => {
    expect(normalizeDigits('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789');
    expect(normalizeDigits('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
    expect(normalizeDigits('کد ۱۲-٣٤ ab')).toBe('کد 12-34 ab');
  });

  it('round-trips with toPersianDigits for any ASCII digit string', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{0,20}$/), (ascii) => {
        const persian = toPersianDigits(ascii);
        expect(persian).toMatch(/^[۰-۹]*$/);
        expect(normalizeDigits(persian)).toBe(ascii);
      }),
    );
  });
});

describe('toPersianDigits', () => {
  it('formats numbers and strings with Persian digits', () => {
    expect(toPersianDigits(1403)).toBe('۱۴۰۳');
    expect(toPersianDigits('ساعت 10:05')).toBe('ساعت ۱۰:۰۵');
  });
});

describe('normalizeName', () => {
  it('replaces Arabic yeh, alef maksura and kaf with the Persian letters', () => {
    expect(normalizeName('علي')).toBe('علی');
    expect(normalizeName('مصطفى')).toBe('مصطفی');
    expect(normalizeName('كاظم')).toBe('کاظم');
  });

  it('keeps teh marbuta, alef madda and diacritics that a person may spell on purpose', () => {
    expect(normalizeName('فاطمة')).toBe('فاطمة');
    expect(normalizeName('آرش')).toBe('آرش');
    expect(normalizeName('محمّد')).toBe('محمّد');
  });

  it('collapses repeated ZWNJ and drops it at the ends and next to spaces', () => {
    expect(normalizeName(`محمد${ZWNJ}${ZWNJ}رضا`)).toBe(`محمد${ZWNJ}رضا`);
    expect(normalizeName(`${ZWNJ}علی${ZWNJ}`)).toBe('علی');
    expect(normalizeName(`علی ${ZWNJ} اکبر`)).toBe('علی اکبر');
    expect(normalizeName(`علی${ZWNJ} اکبر`)).toBe('علی اکبر');
  });

  it('removes bidi marks, ZWJ, tatweel and collapses whitespace', () => {
    expect(normalizeName('\u200fحســـن\u200d  \u00a0 رضایی\u200e\n')).toBe('حسن رضایی');
    expect(normalizeName('\u202bزهرا\u202c')).toBe('زهرا');
    // NUL and other control characters pasted from a PDF: the municipality's database refuses NUL.
    expect(normalizeName('مریم\u0000 کاظمی\u0007\u001f\u007f')).toBe('مریم کاظمی');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('ی', 'ي', 'ك', ' ', ZWNJ, '\u200f', 'ـ', 'ا', '۱', 'a', '\n') }),
        (s) => {
          const once = normalizeName(s);
          expect(normalizeName(once)).toBe(once);
          expect(once).not.toMatch(/[يك\u200f\u0640]|^\s|\s$|\s\s|^\u200c|\u200c$|\u200c\u200c/);
        },
      ),
    );
  });
});

describe('normalizeNote', () => {
  it('tidies a note like a name but keeps its digits as typed', () => {
    expect(normalizeNote(`  كسري ۵۰ هزار${ZWNJ}${ZWNJ}ريال\n\u200f`)).toBe(`کسری ۵۰ هزار${ZWNJ}ریال`);
  });

  it('leaves nothing of a text made only of marks, spaces and ZWNJs', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(' ', ZWNJ, '\u200e', '\u200f', 'ـ', '\n', '\ufeff') }),
        (s) => {
          expect(normalizeNote(s)).toBe('');
        },
      ),
    );
  });
});

describe('normalizeForSearch', () => {
  it('matches service names typed with a space, ZWNJ, or Arabic letters', () => {
    const stored = normalizeForSearch(`گواهی پایان${ZWNJ}کار`);
    expect(normalizeForSearch('گواهي پايان كار')).toBe(stored);
    expect(normalizeForSearch('  گواهی   پایان کار ')).toBe(stored);
  });

  it('folds hamza forms, alef madda, teh marbuta and heh-yeh, and drops diacritics', () => {
    expect(normalizeForSearch('آزادی')).toBe(normalizeForSearch('ازادی'));
    expect(normalizeForSearch('مسأله')).toBe('مساله');
    expect(normalizeForSearch('مؤسسه')).toBe('موسسه');
    expect(normalizeForSearch('خانۀ')).toBe('خانه');
    expect(normalizeForSearch('خانهٔ')).toBe('خانه');
    expect(normalizeForSearch('فاطمة')).toBe('فاطمه');
    expect(normalizeForSearch('محمَّد')).toBe('محمد');
  });

  it('lowercases Latin and converts digits', () => {
    expect(normalizeForSearch('POS ۱۲')).toBe('pos 12');
  });
});
