import { z } from 'zod';
import { ruleIssues } from './rule-checks';
import { serviceSchema } from './service';
import { tariffSchema } from './tariff';

export { FIELD_TYPES, fieldSchema, type Field, type FieldType, type SelectOption } from './field';
export { serviceSchema, type Service } from './service';
export { tariffSchema, type Tariff } from './tariff';

/**
 * The service catalog a counter prices from: the sample shipped with the app (`sample: true`) until
 * the municipality's arrives by sync and replaces it. Parsed with this schema wherever it enters.
 */
export const catalogSchema = z
  .strictObject({
    catalogVersion: z.string().trim().min(1).max(64),
    /** Sample tariffs are illustrative, not official figures; the UI says so. */
    sample: z.boolean(),
    publishedAt: z.iso.datetime({ offset: true }),
    services: z.array(serviceSchema),
    tariffs: z.array(tariffSchema),
  })
  .superRefine((catalog, ctx) => {
    const codes = catalog.services.map((s) => s.code);
    codes.forEach((code, i) => {
      if (codes.indexOf(code) !== i) {
        ctx.addIssue({
          code: 'custom',
          message: 'catalog_service_code_repeated',
          path: ['services', i, 'code'],
        });
      }
    });
    catalog.services.forEach((service, i) => {
      if (!catalog.tariffs.some((t) => t.serviceCode === service.code)) {
        ctx.addIssue({ code: 'custom', message: 'catalog_service_without_tariff', path: ['services', i] });
      }
    });
    catalog.tariffs.forEach((tariff, i) => {
      const path = ['tariffs', i];
      const service = catalog.services.find((s) => s.code === tariff.serviceCode);
      if (!service) {
        ctx.addIssue({
          code: 'custom',
          message: 'catalog_tariff_unknown_service',
          path: [...path, 'serviceCode'],
        });
        return;
      }
      for (const other of catalog.tariffs.slice(0, i)) {
        if (other.serviceCode !== tariff.serviceCode) continue;
        if (other.version === tariff.version) {
          ctx.addIssue({
            code: 'custom',
            message: 'catalog_tariff_version_repeated',
            path: [...path, 'version'],
          });
        }
        // A newer version may not take effect before an older one: "latest version in force" must
        // mean the same thing as "most recently effective".
        const [older, newer] = other.version < tariff.version ? [other, tariff] : [tariff, other];
        if (older.effectiveFrom > newer.effectiveFrom) {
          ctx.addIssue({
            code: 'custom',
            message: 'catalog_tariff_dates_out_of_order',
            path: [...path, 'effectiveFrom'],
          });
        }
      }
      for (const issue of ruleIssues(tariff, service)) {
        ctx.addIssue({
          code: 'custom',
          message: issue.message,
          path: [...path, 'rule'],
          params: { field: issue.field },
        });
      }
    });
  });

export type Catalog = z.infer<typeof catalogSchema>;
