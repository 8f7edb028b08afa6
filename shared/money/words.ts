import { assertRials } from './amount';

/*
 * Hand-written rather than persian-tools' numberToWords, which writes 400, 600-900 with a space
 * («چهار صد», «شش صد») but 300 joined («سیصد»); receipts need the standard joined spelling
 * (چهارصد، ششصد، هفتصد، هشتصد، نهصد) as written on cheques. Otherwise the output matches the library,
 * which the tests check over random amounts.
 */
const ONES = ['', 'یک', 'دو', 'سه', 'چهار', 'پنج', 'شش', 'هفت', 'هشت', 'نه'];
const TEENS = ['ده', 'یازده', 'دوازده', 'سیزده', 'چهارده', 'پانزده', 'شانزده', 'هفده', 'هجده', 'نوزده'];
const TENS = ['', '', 'بیست', 'سی', 'چهل', 'پنجاه', 'شصت', 'هفتاد', 'هشتاد', 'نود'];
const HUNDREDS = ['', 'صد', 'دویست', 'سیصد', 'چهارصد', 'پانصد', 'ششصد', 'هفتصد', 'هشتصد', 'نهصد'];
// Short scale, as Iranian banks use it: میلیارد is 10^9.
const SCALES = ['', 'هزار', 'میلیون', 'میلیارد', 'تریلیون', 'کوادریلیون'];

const AND = ' و ';

/** 1..999 in words; parts joined with «و» (صد و بیست و یک). */
function belowThousand(n: number): string {
  const parts: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds > 0) parts.push(HUNDREDS[hundreds] ?? '');
  if (rest >= 10 && rest < 20) {
    parts.push(TEENS[rest - 10] ?? '');
  } else {
    const tens = Math.floor(rest / 10);
    const ones = rest % 10;
    if (tens > 0) parts.push(TENS[tens] ?? '');
    if (ones > 0) parts.push(ONES[ones] ?? '');
  }
  return parts.join(AND);
}

/**
 * A non-negative safe integer in Persian words: 0 → «صفر», 1000 → «یک هزار» (with «یک», as cheques
 * write it, so nothing can be squeezed in front), 1200000 → «یک میلیون و دویست هزار».
 */
export function numberToPersianWords(n: number): string {
  assertRials(n);
  if (n === 0) return 'صفر';
  const groups: string[] = [];
  let rest = n;
  for (let scale = 0; rest > 0; scale++) {
    const group = rest % 1000;
    rest = Math.floor(rest / 1000);
    if (group === 0) continue;
    const scaleWord = SCALES[scale] ?? '';
    groups.unshift(scaleWord === '' ? belowThousand(group) : `${belowThousand(group)} ${scaleWord}`);
  }
  return groups.join(AND);
}

/** The amount line printed on receipts: «یک میلیون و دویست هزار ریال». */
export function rialsToPersianWords(amount: number): string {
  return `${numberToPersianWords(amount)} ریال`;
}
