import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';
import { localizeDigits } from '../lib/digits';
import { errorText } from '../lib/errors';
import { useOneAtATime } from '../lib/useOneAtATime';
import { useSession } from '../stores/session';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { LanguageSwitch } from './LanguageSwitch';

export function LoginScreen() {
  const { t, i18n } = useTranslation();
  const info = useSession((s) => s.info);
  const signedIn = useSession((s) => s.signedIn);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // Why the last session ended, when the core ended it (an account deactivated, a password reset).
  const [error, setError] = useState<AppErrorShape | null>(() => useSession.getState().endedBy);
  // One attempt at a time: Enter pressed twice would count a mistyped password twice towards the lockout.
  const { busy, run } = useOneAtATime();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const result = await call('session.login', { username, password });
      setPassword('');
      if (result.ok) await signedIn(result.value);
      // A malformed username can never match an account: say so the same way as a wrong password.
      else
        setError(
          result.error.code === 'invalid_input'
            ? { ...result.error, code: 'invalid_credentials', messageKey: 'errors.invalid_credentials' }
            : result.error,
        );
    });
  }

  return (
    <main className="flex min-h-screen items-center justify-center p-8">
      <div className="flex w-full max-w-sm flex-col gap-6">
        <header className="flex items-start justify-between">
          <div>
            <h1 className="text-3xl font-bold text-teal-800">{t('app.name')}</h1>
            <p className="mt-1 text-sm text-slate-600">{t('app.tagline')}</p>
          </div>
          <LanguageSwitch />
        </header>
        <form
          onSubmit={submit}
          noValidate
          className="flex flex-col gap-4 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
        >
          <h2 className="text-lg font-semibold">{t('login.title')}</h2>
          {info?.office ? (
            <p className="text-sm text-slate-600">
              {t('shell.office', {
                name: info.office.name,
                code: localizeDigits(info.office.code, i18n.language),
                district: localizeDigits(info.office.district, i18n.language),
                terminal: localizeDigits(info.office.terminalNumber, i18n.language),
              })}
            </p>
          ) : null}
          {/* Read-only, not disabled, while the password is checked: a disabled field drops the focus. */}
          <Field
            label={t('login.username')}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus
            autoComplete="username"
            readOnly={busy}
            dir="ltr"
          />
          <Field
            label={t('login.password')}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            readOnly={busy}
            dir="ltr"
          />
          {error ? <Alert>{errorText(t, i18n.language, error)}</Alert> : null}
          <Button type="submit" disabled={busy || username.trim() === '' || password === ''}>
            {t('login.submit')}
          </Button>
        </form>
      </div>
    </main>
  );
}
