import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoticesView } from '../../shared/ipc/calls/notices';
import { formatTehranDateTime } from '../../shared/jalali';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';
import { localizeDigits } from '../lib/digits';
import { errorText } from '../lib/errors';
import { useSync } from '../sync/store';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { ModalDialog } from '../ui/ModalDialog';

/**
 * The municipality's notices to the offices (a changed procedure, a holiday's hours, a tariff to
 * come), which the pull brings: the header says how many are unread, and opening the list marks
 * those it shows read. The count comes with the sync status the header already polls.
 */
export function NoticesButton() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fa';
  const unread = useSync((s) => s.status?.unreadNotices ?? 0);
  const titleId = useId();
  const [open, setOpen] = useState(false);
  const [notices, setNotices] = useState<NoticesView | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);

  async function show() {
    setOpen(true);
    setError(null);
    // Not the list as it was at the last opening (its new ones are read now): the one read afresh.
    setNotices(null);
    const listed = await call('notices.list', {});
    if (!listed.ok) {
      setError(listed.error);
      return;
    }
    // Shown as they were: the ones unread until now stay marked new while the list is open.
    setNotices(listed.value);
    const ids = listed.value.items.filter((n) => n.readAt === null).map((n) => n.id);
    if (ids.length === 0) return;
    const marked = await call('notices.markRead', { ids });
    if (!marked.ok) setError(marked.error);
    void useSync.getState().refresh();
  }

  const label =
    unread > 0 ? t('notices.buttonUnread', { n: localizeDigits(unread, lang) }) : t('notices.button');
  return (
    <>
      <button
        type="button"
        data-testid="notices-button"
        onClick={() => void show()}
        className={`rounded-md px-2 py-1 outline-none hover:bg-teal-700 focus-visible:ring-2 focus-visible:ring-white ${
          unread > 0 ? 'bg-amber-400 font-semibold text-slate-900' : 'text-teal-50'
        }`}
      >
        {label}
      </button>
      <ModalDialog open={open} labelledBy={titleId} onCancel={() => setOpen(false)}>
        <div className="flex max-w-xl flex-col gap-3 p-1" data-testid="notices">
          <h2 id={titleId} className="text-lg font-semibold">
            {t('notices.title')}
          </h2>
          {error ? <Alert>{errorText(t, lang, error)}</Alert> : null}
          {notices && notices.items.length === 0 ? <p>{t('notices.none')}</p> : null}
          <ul className="flex max-h-96 flex-col gap-3 overflow-y-auto">
            {notices?.items.map((n) => (
              <li
                key={n.id}
                data-testid="notice"
                className={`rounded-md border p-3 ${n.readAt === null ? 'border-amber-400 bg-amber-50' : 'border-slate-200'}`}
              >
                <div className="mb-1 flex gap-2 text-sm text-slate-600">
                  <span dir="ltr">{localizeDigits(formatTehranDateTime(n.at), lang)}</span>
                  {n.readAt === null ? <strong>{t('notices.new')}</strong> : null}
                </div>
                <p dir="auto" className="whitespace-pre-wrap">
                  {lang === 'en' && n.text.en.trim() !== '' ? n.text.en : n.text.fa}
                </p>
              </li>
            ))}
          </ul>
          <div>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              {t('notices.close')}
            </Button>
          </div>
        </div>
      </ModalDialog>
    </>
  );
}
