/**
 * CSV as Excel reads it: a UTF-8 byte order mark first (without it Excel guesses a legacy code page
 * and Persian turns to mojibake), CRLF line ends, fields quoted when they hold a comma, quote or
 * line break. Amounts stay plain integers (no separators, Latin digits) so they are numbers in the
 * sheet; codes of digits, passed as strings, stay text.
 */
export const UTF8_BOM = '\ufeff';

export type Cell = string | number;

function field(cell: Cell): string {
  // A code of digits (a tracking code, a national ID) is text: Excel would read it as a number,
  // drop a leading zero and show 14 digits as 1.23E+13. Written as the formula ="…", it stays text.
  if (typeof cell === 'string' && /^\d+$/.test(cell)) return `"=""${cell}"""`;
  const text = typeof cell === 'number' ? String(cell) : cell;
  // A leading = + - @ would make Excel evaluate the cell as a formula (CSV injection).
  const safe = typeof cell === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return UTF8_BOM + rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}
