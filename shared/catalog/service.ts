import { z } from 'zod';
import { CODE_PATTERN } from '../fees/rule';
import { localizedTextSchema } from '../fees/rule-schema';
import { fieldSchema } from './field';

/** A service offered at the counter. Its `code` is stable across catalogs: transactions refer to it. */
export const serviceSchema = z
  .strictObject({
    code: z.string().regex(CODE_PATTERN).max(64),
    name: localizedTextSchema,
    category: z.strictObject({ code: z.string().regex(CODE_PATTERN).max(64), name: localizedTextSchema }),
    requiredDocuments: z.array(localizedTextSchema),
    fields: z.array(fieldSchema),
    active: z.boolean(),
  })
  .superRefine((service, ctx) => {
    const keys = service.fields.map((f) => f.key);
    keys.forEach((key, i) => {
      if (keys.indexOf(key) !== i) {
        ctx.addIssue({ code: 'custom', message: 'catalog_field_key_repeated', path: ['fields', i, 'key'] });
      }
    });
  });

export type Service = z.infer<typeof serviceSchema>;
