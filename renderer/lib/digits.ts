/** Digits as the reader expects them: Persian digits in the Persian UI. */
export function localizeDigits(text: string | number, lang: string): string {
  const s = String(text);
  return lang === 'fa' ? s.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d))) : s;
}
