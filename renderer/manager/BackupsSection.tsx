import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupList } from '../../shared/ipc/calls/backups';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';
import { localizeDigits, typedNumber } from '../lib/digits';
import { errorText } from '../lib/errors';
import { useSession } from '../stores/session';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { RestoreDialog } from './RestoreDialog';
import { dateTime } from './format';

function megabytes(bytes: number, lang: string): string {
  return localizeDigits((bytes / 1_048_576).toFixed(bytes < 10_485_760 ? 2 : 1), lang);
}

/** Names this much apart are the same moment for the mark below (clocks drift, copies take time). */
const NAME_TOLERANCE_MS = 10 * 60_000;

/**
 * The backups (newest first, as the core ranks them by what they hold) whose name's time is later
 * than that of a backup listed above them: the order contradicts the dates, because the PC's clock
 * was wrong when one of them was taken. Not compared with this PC's clock now, which may be the
 * wrong one (after a CMOS reset to an old year every backup would look taken in the future).
 */
function namedAfterABackupAbove(backups: readonly { readonly name: string; readonly takenAt: number }[]) {
  const marked = new Set<string>();
  let earliestAbove = Infinity;
  for (const b of backups) {
    if (b.takenAt > earliestAbove + NAME_TOLERANCE_MS) marked.add(b.name);
    earliestAbove = Math.min(earliestAbove, b.takenAt);
  }
  return marked;
}

/** Backups: the list with date and size, back up now, the folder and rotation, restore. Managers only. */
export function BackupsSection() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useSession((s) => s.session?.user);
  const [list, setList] = useState<BackupList | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const [restoring, setRestoring] = useState<string | null>(null);
  const [otherFile, setOtherFile] = useState('');

  const load = useCallback(async () => {
    const r = await call('backups.list', {});
    if (r.ok) setList(r.value);
    else setError(r.error);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  if (me?.role !== 'manager') return <Alert tone="info">{t('backups.managerOnly')}</Alert>;
  const outOfOrder = namedAfterABackupAbove(list?.backups ?? []);

  async function backUpNow() {
    setWorking(true);
    setNotice(null);
    const r = await call('backups.create', {});
    setWorking(false);
    if (r.ok) {
      setError(null);
      setNotice(t('backups.created', { name: r.value.name }));
      await load();
    } else setError(r.error);
  }

  return (
    <section className="flex max-w-5xl flex-col gap-4">
      <h1 className="text-xl font-semibold">{t('backups.title')}</h1>
      <p className="text-sm text-slate-600">{t('backups.intro')}</p>
      {error ? <Alert>{errorText(t, lang, error)}</Alert> : null}
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      <div>
        <Button onClick={() => void backUpNow()} disabled={working}>
          {working ? t('backups.working') : t('backups.backUpNow')}
        </Button>
      </div>

      <section className="flex flex-col gap-2" aria-labelledby="backup-list-title">
        <h2 id="backup-list-title" className="font-semibold">
          {t('backups.listTitle')}
        </h2>
        {list ? (
          <p className="text-xs text-slate-500">
            {t('backups.currentFolder')} <bdi dir="ltr">{list.folder}</bdi>
          </p>
        ) : null}
        {list && list.backups.length === 0 ? (
          <p className="text-sm text-slate-500">{t('backups.none')}</p>
        ) : (
          <table className="w-full text-sm [&_td]:px-2 [&_td]:py-1 [&_th]:px-2" data-testid="backups-table">
            <thead>
              <tr className="text-slate-500">
                <th className="text-start">{t('backups.date')}</th>
                <th className="text-start">{t('backups.size')}</th>
                <th className="text-start">{t('backups.file')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list?.backups.map((b) => (
                <tr key={b.name} className="border-t border-slate-100" data-testid="backup-row">
                  <td>
                    {dateTime(b.takenAt, lang)}
                    {outOfOrder.has(b.name) ? (
                      <span className="block text-xs text-amber-700" data-testid="backup-out-of-order">
                        {t('backups.datedAfterNewer')}
                      </span>
                    ) : null}
                  </td>
                  <td>{t('backups.megabytes', { n: megabytes(b.sizeBytes, lang) })}</td>
                  <td dir="ltr" className="text-start font-mono text-xs">
                    {b.name}
                  </td>
                  <td>
                    <Button variant="secondary" onClick={() => setRestoring(b.file)}>
                      {t('backups.restore')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form
          className="max-w-3xl"
          onSubmit={(e) => {
            e.preventDefault();
            if (otherFile.trim() !== '') setRestoring(otherFile.trim());
          }}
        >
          <Field
            label={t('backups.otherFilePath')}
            hint={t('backups.otherFile')}
            value={otherFile}
            onChange={(e) => setOtherFile(e.target.value)}
            dir="ltr"
          >
            <ChooseButton kind="backup" onChosen={setOtherFile} />
            <Button type="submit" variant="secondary">
              {t('backups.check')}
            </Button>
          </Field>
        </form>
      </section>

      {list ? <BackupSettingsForm list={list} onSaved={setList} /> : null}
      <RestoreDialog file={restoring} onClose={() => setRestoring(null)} />
    </section>
  );
}

/** Opens the system's folder or file dialog (shown by the main process); a chosen path fills the field. */
function ChooseButton({
  kind,
  onChosen,
}: {
  readonly kind: 'folder' | 'backup';
  readonly onChosen: (path: string) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      type="button"
      variant="secondary"
      disabled={busy}
      aria-label={t(kind === 'folder' ? 'backups.chooseFolder' : 'backups.chooseFile')}
      onClick={() => {
        setBusy(true);
        void call('files.choose', { kind }).then((r) => {
          setBusy(false);
          if (r.ok && r.value.path !== null) onChosen(r.value.path);
        });
      }}
    >
      {t('backups.choose')}
    </Button>
  );
}

function BackupSettingsForm({
  list,
  onSaved,
}: {
  readonly list: BackupList;
  readonly onSaved: (list: BackupList) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [folder, setFolder] = useState(list.folder === list.defaultFolder ? '' : list.folder);
  const [keep, setKeep] = useState(localizeDigits(list.keep, lang));
  const [invalid, setInvalid] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const n = typedNumber(keep);
    if (!Number.isInteger(n) || n < 1 || n > 365) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    const r = await call('backups.updateSettings', {
      folder: folder.trim() === '' ? null : folder.trim(),
      keep: n,
    });
    if (r.ok) {
      setError(null);
      setSaved(true);
      onSaved(r.value);
    } else setError(r.error);
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={t('backups.settingsTitle')}
      className="flex max-w-xl flex-col gap-3 rounded-xl bg-white p-4 ring-1 ring-slate-200"
    >
      <h2 className="font-semibold">{t('backups.settingsTitle')}</h2>
      <Field
        label={t('backups.folder')}
        hint={t('backups.folderHint', { folder: `\u2066${list.defaultFolder}\u2069` })}
        value={folder}
        onChange={(e) => setFolder(e.target.value)}
        dir="ltr"
      >
        <ChooseButton kind="folder" onChosen={setFolder} />
      </Field>
      <Field
        label={t('backups.keep')}
        hint={t('backups.keepHint')}
        value={keep}
        onChange={(e) => setKeep(e.target.value)}
        error={invalid ? t('backups.keepInvalid') : null}
        inputMode="numeric"
        dir="ltr"
      />
      {error ? <Alert>{errorText(t, lang, error)}</Alert> : null}
      {saved ? <Alert tone="success">{t('backups.saved')}</Alert> : null}
      <Button type="submit" className="self-start">
        {t('backups.save')}
      </Button>
    </form>
  );
}
