/**
 * The loose form in which the list's filter by name compares a typed word with a stored name, so
 * that spellings a person uses interchangeably find each other:
 * - ZWNJ (نیم‌فاصله) is dropped: «محمدرضا», «محمد‌رضا» and the two words «محمد رضا» all find
 *   «محمد‌رضا»; a name keeps it (normalizeName), the operator may not type it.
 * - آ أ إ ٱ are ا: «اقایی» finds «آقایی» (names keep them apart: آرش is not ارش).
 * - ة and ۀ are ه, ؤ is و, ئ is ی; the short vowels, tanvin, shadda and sukun are dropped.
 * Stored names are already in their canonical form (normalizeName: Persian ی and ک, no invisible
 * marks), and so is the typed filter, so only these remain.
 *
 * One table gives both the JavaScript fold (for the typed words) and the SQL one (for the stored
 * texts, inside the trigram index and the LIKE that checks its candidates), so the two cannot drift.
 */
const FOLDS: readonly (readonly [from: readonly number[], to: string])[] = [
  [[0x200c], ''],
  [[0x0622, 0x0623, 0x0625, 0x0671], 'ا'],
  [[0x0629, 0x06c0], 'ه'],
  [[0x0624], 'و'],
  [[0x0626], 'ی'],
  // Tanvin, fatha, damma, kasra, shadda, sukun; the superscript alef.
  [[0x064b, 0x064c, 0x064d, 0x064e, 0x064f, 0x0650, 0x0651, 0x0652, 0x0670], ''],
];

const FOLDED = new Map(FOLDS.flatMap(([from, to]) => from.map((code) => [String.fromCodePoint(code), to])));
const FOLDABLE = new RegExp(`[${[...FOLDED.keys()].join('')}]`, 'gu');

/** A typed word in the form the stored texts are compared in. */
export function foldForSearch(text: string): string {
  return text.replace(FOLDABLE, (letter) => FOLDED.get(letter) ?? letter);
}

/** The same fold, as SQL over the text expression `expr`. */
export function foldSql(expr: string): string {
  let sql = expr;
  for (const [from, to] of FOLDS)
    for (const code of from) sql = `replace(${sql}, char(${code}), ${to === '' ? "''" : `'${to}'`})`;
  return sql;
}

/**
 * A GLOB pattern matching a text with any letter the fold changes: only such texts need the fold
 * at all, so a walk over many names pays for it only on the few that have one.
 */
export const FOLDABLE_GLOB = `*[${[...FOLDED.keys()].join('')}]*`;
