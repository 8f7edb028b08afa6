import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ManagedUser } from '../../shared/ipc/calls/manager';
import { PASSWORD_MIN_LENGTH } from '../../shared/ipc/schemas';
import type { AppErrorShape } from '../../shared/result';
import type { UserRole } from '../../shared/roles';
import { call } from '../api/client';
import { errorText } from '../lib/errors';
import { useOneAtATime } from '../lib/useOneAtATime';
import { useSession } from '../stores/session';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { ModalDialog } from '../ui/ModalDialog';
import { count, dateTime } from './format';

/** The office's accounts: create, reset a password, deactivate (never delete). Managers only. */
export function UsersSection() {
  const { t, i18n } = useTranslation();
  const me = useSession((s) => s.session?.user);
  const [users, setUsers] = useState<readonly ManagedUser[]>([]);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [resetting, setResetting] = useState<ManagedUser | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await call('users.list', {});
    if (r.ok) setUsers(r.value);
    else setError(r.error);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  if (me?.role !== 'manager') return <Alert tone="info">{t('users.managerOnly')}</Alert>;

  async function toggle(user: ManagedUser) {
    setNotice(null);
    const r = await call('users.setActive', { userId: user.id, active: !user.active });
    if (r.ok) {
      setError(null);
      setNotice(t(r.value.active ? 'users.reactivated' : 'users.deactivated', { name: r.value.fullName }));
      await load();
    } else setError(r.error);
  }

  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">{t('users.title')}</h1>
      {error ? <Alert>{errorText(t, i18n.language, error)}</Alert> : null}
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      <table className="w-full max-w-4xl text-sm [&_td]:px-2 [&_th]:px-2" data-testid="users-table">
        <thead>
          <tr className="text-slate-500">
            <th className="text-start">{t('users.username')}</th>
            <th className="text-start">{t('users.fullName')}</th>
            <th className="text-start">{t('users.role')}</th>
            <th className="text-start">{t('users.status')}</th>
            <th className="text-start">{t('users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-t border-slate-100" data-testid={`user-${u.username}`}>
              <td dir="ltr" className="text-start">
                {u.username}
              </td>
              <td>{u.fullName}</td>
              <td>{t(`app.roles.${u.role}`)}</td>
              <td>
                {u.active ? t('users.active') : t('users.inactive')}
                {u.mustChangePassword ? `${t('app.sep')}${t('users.mustChange')}` : null}
                {u.temporaryPasswordExpiresAt === null
                  ? null
                  : `${t('app.sep')}${
                      u.temporaryPasswordExpiresAt <= Date.now()
                        ? t('users.temporaryExpired')
                        : t('users.temporaryUntil', {
                            until: dateTime(u.temporaryPasswordExpiresAt, i18n.language),
                          })
                    }`}
                {u.locked ? `${t('app.sep')}${t('users.locked')}` : null}
                {u.wrongPasswords > 0
                  ? `${t('app.sep')}${t('users.wrongPasswords', { n: count(u.wrongPasswords, i18n.language) })}`
                  : null}
                {u.approvalsWaitUntil !== null
                  ? `${t('app.sep')}${t('users.approvalsWait', { until: dateTime(u.approvalsWaitUntil, i18n.language) })}`
                  : null}
              </td>
              <td className="flex gap-2 py-1">
                {/* The core refuses a reset of one's own password (cannot_reset_own_password). */}
                {u.id === me.id ? null : (
                  <Button variant="secondary" onClick={() => setResetting(u)}>
                    {t('users.resetPassword')}
                  </Button>
                )}
                <Button variant="secondary" onClick={() => void toggle(u)}>
                  {u.active ? t('users.deactivate') : t('users.reactivate')}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <CreateUserForm
        onCreated={(u) => {
          setNotice(t('users.created', { name: u.fullName }));
          void load();
        }}
      />
      <ResetPasswordDialog
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={(u) => {
          setResetting(null);
          setNotice(t('users.resetDone', { name: u.fullName }));
          void load();
        }}
      />
    </section>
  );
}

function CreateUserForm({ onCreated }: { readonly onCreated: (u: ManagedUser) => void }) {
  const { t, i18n } = useTranslation();
  const [username, setUsername] = useState('');
  const [fullName, setFullName] = useState('');
  const [role, setRole] = useState<UserRole>('operator');
  const [password, setPassword] = useState('');
  const [short, setShort] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const { busy, run } = useOneAtATime();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password.length < PASSWORD_MIN_LENGTH) {
      setShort(true);
      return;
    }
    setShort(false);
    // A double click would try to create the same user twice.
    await run(async () => {
      setError(null);
      const r = await call('users.create', { username, fullName, role, password });
      if (r.ok) {
        setUsername('');
        setFullName('');
        setPassword('');
        onCreated(r.value);
      } else setError(r.error);
    });
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={t('users.createTitle')}
      className="flex max-w-xl flex-col gap-3 rounded-xl bg-white p-4 ring-1 ring-slate-200"
    >
      <h2 className="font-semibold">{t('users.createTitle')}</h2>
      <Field
        label={t('users.username')}
        hint={t('users.usernameHint')}
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        dir="ltr"
        autoComplete="off"
      />
      <Field label={t('users.fullName')} value={fullName} onChange={(e) => setFullName(e.target.value)} />
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
        {t('users.role')}
        <select
          value={role}
          onChange={(e) => setRole(e.target.value === 'manager' ? 'manager' : 'operator')}
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-base"
        >
          <option value="operator">{t('app.roles.operator')}</option>
          <option value="manager">{t('app.roles.manager')}</option>
        </select>
      </label>
      <Field
        label={t('users.firstPassword')}
        hint={t('users.firstPasswordHint')}
        type="password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        dir="ltr"
        autoComplete="new-password"
        error={short ? t('users.passwordShort') : null}
      />
      {error ? <Alert>{errorText(t, i18n.language, error)}</Alert> : null}
      <Button type="submit" className="self-start" disabled={busy}>
        {t('users.create')}
      </Button>
    </form>
  );
}

function ResetPasswordDialog({
  user,
  onClose,
  onDone,
}: {
  readonly user: ManagedUser | null;
  readonly onClose: () => void;
  readonly onDone: (u: ManagedUser) => void;
}) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const [password, setPassword] = useState('');
  const [short, setShort] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const { busy, run } = useOneAtATime();
  // Each opening starts empty: a password typed for one user never carries over to the next.
  const userId = user?.id ?? null;
  useEffect(() => {
    setPassword('');
    setShort(false);
    setError(null);
  }, [userId]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!user) return;
    if (password.length < PASSWORD_MIN_LENGTH) {
      setShort(true);
      return;
    }
    await run(async () => {
      const r = await call('users.resetPassword', { userId: user.id, newPassword: password });
      setPassword('');
      setShort(false);
      if (r.ok) {
        setError(null);
        onDone(r.value);
      } else setError(r.error);
    });
  }

  return (
    <ModalDialog open={user !== null} labelledBy={titleId} onCancel={onClose}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-3">
        <h2 id={titleId} className="text-lg font-semibold">
          {t('users.resetTitle', { name: user?.fullName ?? '' })}
        </h2>
        <p className="text-sm text-slate-600">{t('users.resetIntro')}</p>
        <Field
          label={t('users.temporaryPassword')}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          dir="ltr"
          autoComplete="new-password"
          error={short ? t('users.passwordShort') : null}
          autoFocus
        />
        {error ? <Alert>{errorText(t, i18n.language, error)}</Alert> : null}
        <div className="flex gap-2">
          <Button type="submit" disabled={busy}>
            {t('users.resetConfirm')}
          </Button>
          <Button variant="ghost" onClick={onClose}>
            {t('users.cancel')}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
