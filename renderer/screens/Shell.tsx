import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localizeDigits } from '../lib/digits';
import { useIdleLock } from '../lib/useIdleLock';
import { useShortcuts } from '../lib/shortcuts';
import { useTehranToday } from '../lib/useTehranToday';
import { useSession } from '../stores/session';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { LanguageSwitch } from './LanguageSwitch';
import { LockScreen } from './LockScreen';
import { SettingsSection } from './SettingsSection';
import { CounterSection, type CounterDraft } from '../counter/CounterSection';
import { TrackingSection } from '../tracking/TrackingSection';
import { DayCloseSection } from '../manager/DayCloseSection';
import { UsersSection } from '../manager/UsersSection';
import { ChangeOwnPasswordDialog } from '../manager/ChangeOwnPasswordDialog';
import { ReportsSection } from '../manager/ReportsSection';
import { BackupsSection } from '../manager/BackupsSection';
import { SyncIndicator } from '../sync/SyncIndicator';
import { NoticesButton } from '../notices/NoticesButton';
import { SyncSection } from '../sync/SyncSection';

const SECTIONS = [
  'counter',
  'tracking',
  'dayClose',
  'reports',
  'sync',
  'users',
  'backups',
  'settings',
] as const;
export type Section = (typeof SECTIONS)[number];

// The core refuses these calls to operators; the sections are not offered to them either.
const MANAGER_ONLY: ReadonlySet<Section> = new Set(['dayClose', 'reports', 'users', 'backups']);

export function Shell() {
  const { t, i18n } = useTranslation();
  const info = useSession((s) => s.info);
  const session = useSession((s) => s.session);
  const lock = useSession((s) => s.lock);
  const logout = useSession((s) => s.logout);
  const [section, setSection] = useState<Section>('counter');
  const [changingPassword, setChangingPassword] = useState(false);
  const [passwordChanged, setPasswordChanged] = useState(false);
  // The notice that the password changed stays until the person goes elsewhere.
  useEffect(() => setPasswordChanged(false), [section]);
  // The citizen being served stays while the operator looks something up in another section; it
  // goes with this shell at logout.
  const counterDraft = useRef<CounterDraft | null>(null);
  useIdleLock();
  const today = useTehranToday();
  useShortcuts(
    useMemo(
      () => [
        { key: 'n', alt: true, run: () => setSection('counter') },
        { key: 'f', ctrl: true, run: () => setSection('tracking') },
      ],
      [],
    ),
  );
  if (!session) return null;

  const lang = i18n.language;
  const visible = SECTIONS.filter((s) => session.user.role === 'manager' || !MANAGER_ONLY.has(s));
  const office = info?.office;

  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex flex-wrap items-center justify-between gap-4 bg-teal-800 px-6 py-3 text-white">
        <div className="flex flex-col">
          <span className="text-xl font-bold">{t('app.name')}</span>
          {office ? (
            <span className="text-sm text-teal-100" data-testid="office-line">
              {t('shell.office', {
                name: office.name,
                code: localizeDigits(office.code, lang),
                district: localizeDigits(office.district, lang),
                terminal: localizeDigits(office.terminalNumber, lang),
              })}
            </span>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <SyncIndicator onOpen={() => setSection('sync')} />
          <NoticesButton />
          <span data-testid="today" dir="ltr">
            {localizeDigits(today, lang)}
          </span>
          <span data-testid="current-user">
            {session.user.fullName}
            {t('app.sep')}
            {t(`app.roles.${session.user.role}`)}
          </span>
          <div className="rounded-md bg-white px-2 py-1">
            <LanguageSwitch />
          </div>
          <Button variant="secondary" onClick={() => setChangingPassword(true)}>
            {t('shell.changePassword')}
          </Button>
          <Button variant="secondary" onClick={() => void lock()}>
            {t('shell.lock')}
          </Button>
          <Button variant="secondary" onClick={() => void logout()}>
            {t('shell.logout')}
          </Button>
        </div>
      </header>
      <div className="flex flex-1">
        <nav aria-label={t('shell.mainNav')} className="w-52 shrink-0 border-e border-slate-200 bg-white p-3">
          <ul className="flex flex-col gap-1">
            {visible.map((s) => (
              <li key={s}>
                <button
                  type="button"
                  aria-current={s === section ? 'page' : undefined}
                  onClick={() => setSection(s)}
                  className={`w-full rounded-md px-3 py-2 text-start outline-none focus-visible:ring-2 focus-visible:ring-teal-600 ${
                    s === section
                      ? 'bg-teal-50 font-semibold text-teal-900'
                      : 'text-slate-700 hover:bg-slate-100'
                  }`}
                >
                  {t(`shell.nav.${s}`)}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <main className="flex-1 p-6" aria-live="polite">
          {passwordChanged ? (
            <div className="mb-4">
              <Alert tone="success">{t('users.changedOwn')}</Alert>
            </div>
          ) : null}
          <SectionContent section={section} counterDraft={counterDraft} />
        </main>
      </div>
      <ChangeOwnPasswordDialog
        open={changingPassword}
        onClose={() => setChangingPassword(false)}
        onChanged={() => {
          setChangingPassword(false);
          setPasswordChanged(true);
        }}
      />
      <LockScreen />
    </div>
  );
}

interface SectionContentProps {
  readonly section: Section;
  readonly counterDraft: { current: CounterDraft | null };
}

function SectionContent({ section, counterDraft }: SectionContentProps) {
  switch (section) {
    case 'counter':
      return <CounterSection draft={counterDraft} />;
    case 'tracking':
      return <TrackingSection />;
    case 'settings':
      return <SettingsSection />;
    case 'dayClose':
      return <DayCloseSection />;
    case 'users':
      return <UsersSection />;
    case 'backups':
      return <BackupsSection />;
    case 'reports':
      return <ReportsSection />;
    case 'sync':
      return <SyncSection />;
  }
}
