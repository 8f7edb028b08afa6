import { useTranslation } from 'react-i18next';
import { applyLanguage, type Language } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      <span>{t('app.language')}</span>
      <select
        value={i18n.language}
        onChange={(e) => applyLanguage(e.target.value as Language)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1"
      >
        <option value="fa">{t('app.languageFa')}</option>
        <option value="en">{t('app.languageEn')}</option>
      </select>
    </label>
  );
}
