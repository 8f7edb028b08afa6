import { normalizeArabicLetters } from '../text/normalize';
import { compactDigits, invalid, valid, type Validation } from './result';

export const VEHICLE_PLATE_ERRORS = [
  'plate_required',
  'plate_format',
  'plate_letter',
  'plate_zero_digit',
] as const;
export type VehiclePlateError = (typeof VEHICLE_PLATE_ERRORS)[number];

/**
 * Letters on Iranian car plates: persian-tools' plate category table (private ب ج د س ص ط ق ل م ن و ه ی,
 * government الف, police پ, public transport ع, taxi ت, veterans ژ, armed forces ز ش ف ث, agriculture ک, temporary گ,
 * diplomatic D and S). ت is not in that table but is issued to taxis, so it is included.
 */
export const PLATE_LETTERS = [
  'الف', 'ب', 'پ', 'ت', 'ث', 'ج', 'د', 'ز', 'ژ', 'س', 'ش', 'ص', 'ط', 'ع', 'ف', 'ق', 'ک', 'گ', 'ل', 'م', 'ن', 'و', 'ه', 'ی', 'D', 'S',
] as const; // prettier-ignore

export type PlateLetter = (typeof PLATE_LETTERS)[number];

/** پلاک خودرو: `12 ب 345 ایران 67` as its four parts, all strings of ASCII digits except the letter. */
export interface VehiclePlate {
  readonly left: string;
  readonly letter: PlateLetter;
  readonly middle: string;
  readonly provinceCode: string;
  /** Stored form, in reading order: `12ب345-67`. */
  readonly canonical: string;
}

function isPlateLetter(text: string): text is PlateLetter {
  return (PLATE_LETTERS as readonly string[]).includes(text);
}

// The word "ایران" (or IR) printed before the province code, and the bars and dots people type for it.
const DECORATION = /ایران|iran|ir|[|/\\.]/gi;

/**
 * Accepts the plate in reading order with any spacing: `12ب34567`, `۱۲ ب ۳۴۵ - ۶۷`, `12 ب 345 ایران 67`.
 * The province code is not checked against a table: persian-tools' table lacks codes in use, and a
 * wrong code on a real plate is for the municipality's vehicle registry to catch, not the counter.
 */
export function validateVehiclePlate(raw: string): Validation<VehiclePlate, VehiclePlateError> {
  const compact = normalizeArabicLetters(compactDigits(raw)).replace(DECORATION, '');
  if (compact === '') return invalid('plate_required');
  const parts = /^(\d{2})(\D+)(\d{3})(\d{2})$/.exec(compact);
  if (parts === null) return invalid('plate_format');
  const [, left = '', rawLetter = '', middle = '', provinceCode = ''] = parts;
  const letter = rawLetter.toUpperCase();
  if (!isPlateLetter(letter)) return invalid('plate_letter');
  // Plates never use 0 in the two- and three-digit groups (a 0 is too easily altered into 6, 8 or 9);
  // province codes are 10-99. Same rule as persian-tools' isPlateValid.
  if (/0/.test(left + middle) || provinceCode.startsWith('0')) return invalid('plate_zero_digit');
  return valid({
    left,
    letter,
    middle,
    provinceCode,
    canonical: `${left}${letter}${middle}-${provinceCode}`,
  });
}
