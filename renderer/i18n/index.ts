import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['fa', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

type Messages = { [key: string]: string | Messages };

// Each file `i18n/<lang>/<area>.json` becomes the key prefix `<area>.` (errors.json → `errors.invalid_input`).
const files = import.meta.glob<Messages>('./*/*.json', { eager: true, import: 'default' });

function resourcesFor(lang: Language): Messages {
  const messages: Messages = {};
  for (const [path, content] of Object.entries(files)) {
    const match = /^\.\/(\w+)\/([\w-]+)\.json$/.exec(path);
    if (match && match[1] === lang && match[2]) messages[match[2]] = content;
  }
  return messages;
}

const STORAGE_KEY = 'pishkhan.language';

export function savedLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'fa';
}

/** Persian is right to left; the whole document follows the language. */
export function applyLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'fa' ? 'rtl' : 'ltr';
  void i18next.changeLanguage(lang);
}

export function initI18n(): typeof i18next {
  const lang = savedLanguage();
  void i18next.use(initReactI18next).init({
    resources: { fa: { translation: resourcesFor('fa') }, en: { translation: resourcesFor('en') } },
    lng: lang,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'fa' ? 'rtl' : 'ltr';
  return i18next;
}
