import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Field } from '../../shared/catalog/schema';
import { JalaliDatePicker } from './JalaliDatePicker';

const NUMERIC_TYPES = new Set([
  'integer',
  'money',
  'national-id',
  'legal-id',
  'mobile',
  'postal-code',
  'area',
  'jalali-date',
]);

interface FieldInputProps {
  readonly field: Field;
  readonly value: string;
  readonly error: string | null;
  readonly onChange: (value: string) => void;
}

/** One field of a service's form, drawn from its type in the catalog. */
export function FieldInput({ field, value, error, onChange }: FieldInputProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const lang = i18n.language === 'en' ? 'en' : 'fa';
  const label = `${field.label[lang]}${field.required ? '' : ` (${t('counter.optional')})`}`;
  const errorId = `${id}-error`;
  const hint =
    field.type === 'jalali-date'
      ? t('counter.dateHint')
      : field.type === 'vehicle-plate'
        ? t('counter.plateHint')
        : field.type === 'area'
          ? t('counter.areaHint')
          : null;
  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errorId : undefined,
    className: `w-full rounded-md border bg-white px-3 py-2 outline-none focus:ring-2 focus:ring-teal-600 ${error ? 'border-red-500' : 'border-slate-300'}`,
  } as const;

  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      {field.type === 'select' ? (
        <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('counter.choose')}</option>
          {(field.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label[lang]}
            </option>
          ))}
        </select>
      ) : field.type === 'text' && (field.maxLength ?? 0) > 120 ? (
        <textarea {...common} rows={3} value={value} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <div className="flex gap-2">
          <input
            {...common}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            inputMode={NUMERIC_TYPES.has(field.type) ? 'numeric' : undefined}
            dir={NUMERIC_TYPES.has(field.type) ? 'ltr' : undefined}
            placeholder={field.type === 'jalali-date' ? '1404/01/15' : undefined}
          />
          {field.type === 'jalali-date' ? (
            <JalaliDatePicker value={value} onChange={onChange} label={field.label[lang]} />
          ) : null}
        </div>
      )}
      {hint && !error ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {error ? (
        <p id={errorId} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
