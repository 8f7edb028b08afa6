import fc from 'fast-check';

/** How numbers get typed and pasted: for the property tests of the number, area and money readers. */

const DIGIT_SETS = ['0123456789', '۰۱۲۳۴۵۶۷۸۹', '٠١٢٣٤٥٦٧٨٩'];

export const digitSet = fc.constantFrom(...DIGIT_SETS);

/** Each digit in a script of its own choosing (a paste can mix them). */
export function inScripts(text: string, scripts: readonly string[]): string {
  return [...text]
    .map((c, i) => (/\d/.test(c) ? (scripts[i % scripts.length] ?? '0123456789')[Number(c)] : c))
    .join('');
}

/** Groups of three from the right, joined by the given separators in turn. */
export function grouped(digits: string, separators: readonly string[]): string {
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) groups.unshift(digits.slice(Math.max(0, end - 3), end));
  return groups.map((g, i) => (i === 0 ? g : `${separators[i % separators.length] ?? ','}${g}`)).join('');
}

/** Marks put in at the given positions (taken modulo the length). */
export function withMarks(text: string, marks: readonly (readonly [number, string])[]): string {
  let out = text;
  for (const [at, mark] of marks) {
    const i = at % (out.length + 1);
    out = out.slice(0, i) + mark + out.slice(i);
  }
  return out;
}
