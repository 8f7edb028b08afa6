import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH } from '../../shared/ipc/schemas';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';
import { errorText } from '../lib/errors';
import { useSession } from '../stores/session';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { useOneAtATime } from '../lib/useOneAtATime';
import { Field } from '../ui/Field';

/**
 * Shown instead of the shell while the session must change its password (a new account, or a
 * password the manager reset): the user picks a password only they know.
 */
export function ChangePasswordScreen() {
  const { t, i18n } = useTranslation();
  const session = useSession((s) => s.session);
  const logout = useSession((s) => s.logout);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<'short' | 'mismatch' | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);

  const { busy, run } = useOneAtATime();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (next.length < PASSWORD_MIN_LENGTH) return setProblem('short');
    if (next !== repeat) return setProblem('mismatch');
    setProblem(null);
    await run(async () => {
      const r = await call('session.changePassword', { currentPassword: current, newPassword: next });
      if (r.ok) useSession.getState().unlocked(r.value);
      else setError(r.error);
    });
  }

  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <form
        onSubmit={submit}
        noValidate
        className="flex w-full max-w-sm flex-col gap-4 rounded-xl bg-white p-6 ring-1 ring-slate-200"
      >
        <h1 className="text-xl font-semibold">{t('users.changeTitle')}</h1>
        <p className="text-sm text-slate-600">
          {t('users.changeIntro', { name: session?.user.fullName ?? '' })}
        </p>
        <Field
          label={t('users.currentPassword')}
          type="password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          dir="ltr"
          autoComplete="current-password"
          autoFocus
        />
        <Field
          label={t('users.newPassword')}
          type="password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          dir="ltr"
          autoComplete="new-password"
          error={problem === 'short' ? t('users.passwordShort') : null}
        />
        <Field
          label={t('users.repeatPassword')}
          type="password"
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
          dir="ltr"
          autoComplete="new-password"
          error={problem === 'mismatch' ? t('users.passwordMismatch') : null}
        />
        {error ? <Alert>{errorText(t, i18n.language, error)}</Alert> : null}
        <Button type="submit" disabled={busy}>
          {t('users.changeConfirm')}
        </Button>
        <Button variant="ghost" onClick={() => void logout()}>
          {t('users.logout')}
        </Button>
      </form>
    </main>
  );
}
