/**
 * Text normalization for what operators type at the counter. Input arrives from Persian, Arabic and
 * English keyboard layouts, pasted from SMS or PDFs, so the same name or number can be spelled with
 * different code points. We store one canonical form and match on a looser one.
 *
 * Decisions (why each is safe):
 * - Arabic ي (U+064A), ى (U+0649) → Persian ی (U+06CC); Arabic ك (U+0643) → Persian ک (U+06A9).
 *   These are keyboard-layout artifacts, never a deliberate Persian spelling, so every function maps them.
 * - ة (teh marbuta) and ۀ (heh with yeh above) are left alone in names: ة may stand for ه (فاطمة → فاطمه)
 *   or ت (رحمة → رحمت) and only the person knows which; ۀ is a legitimate ezafe spelling. Search maps
 *   both to ه so either spelling finds the record.
 * - آ أ إ ٱ stay distinct in names (آرش and ارش are different names); search folds them to ا.
 * - Diacritics (اعراب) stay in names because people type them on purpose (محمّد); search drops them.
 * - Invisible formatting marks (ZWJ, bidi marks and embeddings, BOM, soft hyphen, zero-width space),
 *   tatweel (ـ, a purely visual stretch) and control characters other than whitespace are removed
 *   everywhere: they change equality, never meaning.
 * - ZWNJ (نیم‌فاصله, U+200C) is meaningful inside a word (محمد‌رضا, علی‌اکبر) so names keep a single
 *   one between letters; repeats collapse and it is dropped next to spaces and at the ends.
 */

const PERSIAN_ZERO = 0x06f0;
const ARABIC_INDIC_ZERO = 0x0660;

const ZWNJ = '\u200c';

// ZWSP, ZWJ, LRM, RLM, ALM, LRE..RLO, LRI..PDI, BOM, soft hyphen, and tatweel.
const INVISIBLE_MARKS = /\u200d|[\u200b\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff\u00ad\u0640]/g;
// Control characters (NUL and the like, pasted from a PDF; the municipality's database cannot even
// store NUL). Those that are whitespace stay for the caller's spacing rules.
const CONTROLS = /\p{Cc}/gu;

function keepWhitespace(control: string): string {
  return /\s/.test(control) ? control : '';
}

// Arabic harakat, superscript alef and Quranic marks: pronunciation hints, not part of the spelling.
const DIACRITICS = /[\u064b-\u065f\u0670\u06d6-\u06ed]/g;

/** Persian (۰-۹) and Arabic-Indic (٠-٩) digits → ASCII 0-9; everything else untouched. */
export function normalizeDigits(text: string): string {
  return text
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - PERSIAN_ZERO))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - ARABIC_INDIC_ZERO));
}

/** ASCII digits → Persian digits for display; accepts numbers as a convenience for counts and codes. */
export function toPersianDigits(value: string | number): string {
  return String(value).replace(/[0-9]/g, (d) => String.fromCharCode(PERSIAN_ZERO + Number(d)));
}

/** Arabic-layout letters that have a Persian twin → the Persian letter. */
export function normalizeArabicLetters(text: string): string {
  return text.replace(/[يى]/g, 'ی').replace(/ك/g, 'ک');
}

/** Removes invisible formatting marks and tatweel (see module comment for the list). */
export function removeInvisibleMarks(text: string): string {
  return text.replace(INVISIBLE_MARKS, '').replace(CONTROLS, keepWhitespace);
}

/** Collapses runs of whitespace (including NBSP and line breaks) to one space and trims. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** One space between words, one ZWNJ only where it joins two letters, nothing at the ends. */
function tidySpacesAndZwnj(text: string): string {
  return text
    .replace(/[\s\u200c]*\s[\s\u200c]*/g, ' ')
    .replace(/\u200c+/g, ZWNJ)
    .replace(/^[\s\u200c]+|[\s\u200c]+$/g, '');
}

/**
 * Canonical form of a person's or a place's name as stored: digits ASCII, Persian letters, no invisible
 * marks, single spaces, tidy ZWNJ. Idempotent.
 */
export function normalizeName(text: string): string {
  return tidySpacesAndZwnj(normalizeArabicLetters(normalizeDigits(removeInvisibleMarks(text))));
}

/**
 * Canonical form of free text a person writes (a void's reason, a note on a difference): no
 * invisible marks, Persian letters, single spaces, tidy ZWNJ; digits stay as typed, since the text
 * is read, never matched. A text of only marks, spaces and ZWNJs comes out empty. Idempotent.
 */
export function normalizeNote(text: string): string {
  return tidySpacesAndZwnj(normalizeArabicLetters(removeInvisibleMarks(text)));
}

/**
 * Loose form for matching, e.g. a typed query against Persian service names: never stored or shown.
 * Besides what normalizeName does: ZWNJ becomes a space (people type نیم‌فاصله, space or nothing
 * interchangeably), diacritics go, alef/waw/yeh with hamza and teh marbuta fold to their base letter,
 * Latin is lowercased.
 */
export function normalizeForSearch(text: string): string {
  const folded = normalizeArabicLetters(normalizeDigits(removeInvisibleMarks(text)))
    .replace(DIACRITICS, '')
    .replace(/[آأإٱ]/g, 'ا')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ی')
    .replace(/[ةۀ]/g, 'ه')
    .replace(/\u200c/g, ' ')
    .toLowerCase();
  return collapseWhitespace(folded);
}
