import { assertNever } from '../result';
import { fieldUsesOfRule, type FieldUse } from '../fees/field-uses';
import type { FieldType } from './field';
import type { Service } from './service';
import type { Tariff } from './tariff';

export interface RuleIssue {
  /** A stable code, also an i18n key in `catalog.json`. */
  readonly message: string;
  readonly field: string;
}

/** The field types each way of reading a field accepts. */
function acceptedTypes(use: FieldUse['use']): readonly FieldType[] {
  switch (use) {
    case 'money':
      return ['money'];
    case 'quantity':
      return ['integer', 'money', 'area'];
    case 'count':
      return ['integer'];
    case 'choice':
      return ['select'];
    case 'date':
      return ['jalali-date'];
    default:
      return assertNever(use);
  }
}

/**
 * A tariff's rule against its service's form: every field it reads exists with a fitting type, and
 * every option value it matches exists. A `match` without `otherwise` must cover every option, so
 * no choice the form offers can leave the fee undefined.
 */
export function ruleIssues(tariff: Tariff, service: Service): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const use of fieldUsesOfRule(tariff.rule)) {
    const field = service.fields.find((f) => f.key === use.field);
    if (!field) {
      issues.push({ message: 'catalog_rule_unknown_field', field: use.field });
      continue;
    }
    if (!acceptedTypes(use.use).includes(field.type)) {
      issues.push({ message: 'catalog_rule_field_type', field: use.field });
      continue;
    }
    if (use.use !== 'choice') continue;
    const options = (field.options ?? []).map((o) => o.value);
    if (use.values.some((v) => !options.includes(v))) {
      issues.push({ message: 'catalog_rule_unknown_option', field: use.field });
    }
    if (use.needsEveryOption && options.some((o) => !use.values.includes(o))) {
      issues.push({ message: 'catalog_rule_option_not_covered', field: use.field });
    }
  }
  return issues;
}
