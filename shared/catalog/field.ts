import { z } from 'zod';
import { FIELD_KEY_PATTERN } from '../fees/rule';
import { localizedTextSchema } from '../fees/rule-schema';

/**
 * A form field of a service. The canonical stored value of each type, which is also what the fee
 * evaluator reads:
 * - `text`, `national-id`, `legal-id`, `mobile`, `postal-code`, `vehicle-plate`: normalized strings;
 * - `integer`: a number; `money`: a number of whole Rials;
 * - `area`: a number of hundredths of a square metre (1 dm²), so 125.37 m² is 12537. Deeds record
 *   areas to two decimals and the fee must use the deed's figure, not one the operator rounded;
 *   an integer keeps it exact. Tariff rates per m² therefore say `per: 100`;
 * - `select`: the chosen option's `value`;
 * - `jalali-date`: typed and shown in the Jalali calendar but stored as the ISO `YYYY-MM-DD`
 *   Gregorian day, the same form as every other date in the app.
 * `min`/`max` are in the stored unit.
 */
export const FIELD_TYPES = [
  'text',
  'integer',
  'money',
  'national-id',
  'legal-id',
  'mobile',
  'postal-code',
  'vehicle-plate',
  'select',
  'jalali-date',
  'area',
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

export const NUMERIC_FIELD_TYPES: readonly FieldType[] = ['integer', 'money', 'area'];

const selectOptionSchema = z.strictObject({
  value: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
  label: localizedTextSchema,
});

const bound = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const fieldSchema = z
  .strictObject({
    key: z.string().regex(FIELD_KEY_PATTERN),
    label: localizedTextSchema,
    type: z.enum(FIELD_TYPES),
    required: z.boolean(),
    min: bound.optional(),
    max: bound.optional(),
    maxLength: z.number().int().min(1).max(10_000).optional(),
    options: z.array(selectOptionSchema).min(1).optional(),
    help: localizedTextSchema.optional(),
  })
  .superRefine((field, ctx) => {
    const isSelect = field.type === 'select';
    if (isSelect !== (field.options !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'catalog_field_options_select_only', path: ['options'] });
    }
    const values = (field.options ?? []).map((o) => o.value);
    if (new Set(values).size !== values.length) {
      ctx.addIssue({ code: 'custom', message: 'catalog_field_option_repeated', path: ['options'] });
    }
    const numeric = NUMERIC_FIELD_TYPES.includes(field.type);
    if (!numeric && (field.min !== undefined || field.max !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'catalog_field_bounds_numeric_only', path: ['min'] });
    }
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      ctx.addIssue({ code: 'custom', message: 'catalog_field_min_above_max', path: ['max'] });
    }
    if (field.type !== 'text' && field.maxLength !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'catalog_field_max_length_text_only', path: ['maxLength'] });
    }
  });

export type Field = z.infer<typeof fieldSchema>;
export type SelectOption = NonNullable<Field['options']>[number];
