import { useTranslation } from 'react-i18next';

/** Says plainly that a section is not built yet: nothing here pretends to work. */
export function NotYetBuilt({ section }: { readonly section: string }) {
  const { t } = useTranslation();
  return (
    <section className="max-w-xl rounded-xl border border-dashed border-slate-300 bg-white p-6">
      <h1 className="text-xl font-semibold">{section}</h1>
      <p className="mt-3 font-medium text-slate-700">{t('shell.notYet')}</p>
      <p className="mt-1 text-slate-600">{t('shell.notYetBody', { section })}</p>
    </section>
  );
}
