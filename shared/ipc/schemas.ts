import { z } from 'zod';
import { USER_ROLES } from '../roles';
import { normalizeNote, normalizeDigits as toAsciiDigits } from '../text/normalize';

/** Persian (۰-۹) and Arabic-Indic (٠-٩) digits typed at the counter become ASCII before checks. */
export { toAsciiDigits };

export const usernameSchema = z
  .string()
  .max(64)
  .transform((s) => toAsciiDigits(s).trim().toLowerCase())
  .pipe(z.string().regex(/^[a-z][a-z0-9._-]{2,31}$/, 'username_format'));

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** A new password: long enough to resist guessing at the counter, short enough to hash cheaply. */
export const newPasswordSchema = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);
/** A password being checked: never longer than any password we could have stored. */
export const passwordSchema = z.string().min(1).max(PASSWORD_MAX_LENGTH);

/**
 * A user's or an office's name: Persian letters, no invisible marks, tidy spaces and ZWNJ; digits as
 * typed, since an office's name often carries its number in Persian digits.
 */
export const personNameSchema = z.string().max(200).transform(normalizeNote).pipe(z.string().min(2).max(100));

/**
 * Free text a person types (a reason, a note), measured after normalizeNote: bidi marks, spaces and
 * ZWNJs alone are no text. Up to twice `max` is taken in, so a long paste is told apart from a wrong type.
 */
export function freeTextSchema(min: number, max: number) {
  return z
    .string()
    .max(max * 2)
    .transform(normalizeNote)
    .pipe(z.string().min(min).max(max));
}

export const officeCodeSchema = z
  .string()
  .max(16)
  .transform((s) => toAsciiDigits(s).trim())
  .pipe(z.string().regex(/^\d{4}$/, 'office_code_format'));

export const DISTRICT_COUNT = 12;
export const districtSchema = z.number().int().min(1).max(DISTRICT_COUNT);
export const terminalNumberSchema = z.number().int().min(1).max(99);
export const idleLockMinutesSchema = z.number().int().min(1).max(240);
/** The update feed's base URL as typed; the core checks its form (shared/updates/feed.ts). */
export const updateFeedUrlSchema = z.string().max(500).nullable();
/** Receipt paper: the 80 mm or the 58 mm thermal roll, or an A5 sheet. */
export const RECEIPT_LAYOUTS = ['80mm', '58mm', 'a5'] as const;
export type ReceiptLayout = (typeof RECEIPT_LAYOUTS)[number];
export const receiptLayoutSchema = z.enum(RECEIPT_LAYOUTS);
export const settingsSchema = z.strictObject({
  idleLockMinutes: idleLockMinutesSchema,
  updateFeedUrl: z.string().nullable(),
  /** The paper this counter's receipt printer takes: what the receipt opens with. */
  receiptLayout: receiptLayoutSchema,
});

export const userRoleSchema = z.enum(USER_ROLES);

export const sessionUserSchema = z.strictObject({
  id: z.number().int().positive(),
  username: z.string(),
  fullName: z.string(),
  role: userRoleSchema,
});

export const sessionInfoSchema = z.strictObject({
  user: sessionUserSchema,
  locked: z.boolean(),
  idleLockMinutes: z.number().int(),
  mustChangePassword: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export const officeSchema = z.strictObject({
  name: z.string(),
  code: z.string(),
  city: z.string(),
  district: z.number().int(),
  terminalNumber: z.number().int(),
});
export type Office = z.infer<typeof officeSchema>;

export const emptyInput = z.strictObject({});
