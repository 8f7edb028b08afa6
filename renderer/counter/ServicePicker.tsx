import { useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Service } from '../../shared/catalog/schema';
import { normalizeForSearch } from '../../shared/text/normalize';

interface ServicePickerProps {
  readonly services: readonly Service[];
  readonly onPick: (service: Service) => void;
  readonly inputId: string;
}

/** Search by Persian or English name (normalized: ی/ي, ک/ك, digits, ZWNJ) or by code; arrows and Enter pick. */
export function ServicePicker({ services, onPick, inputId }: ServicePickerProps) {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const index = useMemo(
    () =>
      services.map((s) => ({ service: s, text: normalizeForSearch(`${s.name.fa} ${s.name.en} ${s.code}`) })),
    [services],
  );
  const matches = useMemo(() => {
    const words = normalizeForSearch(query).split(' ').filter(Boolean);
    return index.filter((e) => words.every((w) => e.text.includes(w))).map((e) => e.service);
  }, [index, query]);
  const current = Math.min(active, Math.max(matches.length - 1, 0));

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((current + 1) % Math.max(matches.length, 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((current - 1 + matches.length) % Math.max(matches.length, 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const picked = matches[current];
      if (picked) onPick(picked);
    }
  }

  const lang = i18n.language === 'en' ? 'en' : 'fa';
  return (
    <div className="flex flex-col gap-2">
      <label htmlFor={inputId} className="font-medium">
        {t('counter.searchService')} <kbd className="rounded bg-slate-100 px-1 text-xs">F2</kbd>
      </label>
      <input
        id={inputId}
        role="combobox"
        aria-expanded="true"
        aria-controls={`${inputId}-list`}
        aria-activedescendant={matches[current] ? `${inputId}-${matches[current].code}` : undefined}
        autoFocus
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        placeholder={t('counter.searchPlaceholder')}
        className="rounded-md border border-slate-300 px-3 py-2 text-base outline-none focus:ring-2 focus:ring-teal-600"
      />
      <ul
        id={`${inputId}-list`}
        role="listbox"
        aria-label={t('counter.services')}
        className="flex flex-col gap-1"
      >
        {matches.map((s, i) => (
          <li
            key={s.code}
            id={`${inputId}-${s.code}`}
            role="option"
            aria-selected={i === current}
            onClick={() => onPick(s)}
            className={`cursor-pointer rounded-md px-3 py-2 ${i === current ? 'bg-teal-50 ring-1 ring-teal-600' : 'hover:bg-slate-100'}`}
          >
            <span className="font-medium">{s.name[lang]}</span>
            <span className="ms-2 text-xs text-slate-500" dir="ltr">
              {s.code}
            </span>
          </li>
        ))}
        {matches.length === 0 ? (
          <li className="px-3 py-2 text-slate-500">{t('counter.noServiceMatches')}</li>
        ) : null}
      </ul>
    </div>
  );
}
