import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';
import { errorText } from '../lib/errors';
import { useOneAtATime } from '../lib/useOneAtATime';
import { useSession } from '../stores/session';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { ModalDialog } from '../ui/ModalDialog';

/** Covers the screen without unmounting it: whatever the operator was typing is still there after unlocking. */
export function LockScreen() {
  const { t, i18n } = useTranslation();
  const session = useSession((s) => s.session);
  const unlocked = useSession((s) => s.unlocked);
  const ended = useSession((s) => s.ended);
  const logout = useSession((s) => s.logout);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<AppErrorShape | null>(null);

  const { busy, run } = useOneAtATime();

  async function submit(event: FormEvent) {
    event.preventDefault();
    // Enter pressed twice would count a mistyped password twice towards the lockout.
    await run(async () => {
      const result = await call('session.unlock', { password });
      setPassword('');
      if (result.ok) {
        setError(null);
        unlocked(result.value);
      } else if (result.error.code === 'account_locked' || result.error.code === 'not_logged_in') {
        ended();
      } else {
        setError(result.error);
      }
    });
  }

  return (
    <ModalDialog open={session?.locked ?? false} labelledBy="lock-title" describedBy="lock-intro">
      <form onSubmit={submit} className="flex flex-col gap-4">
        <h2 id="lock-title" className="text-lg font-semibold">
          {t('login.lockTitle')}
        </h2>
        <p id="lock-intro" className="text-sm text-slate-600">
          {t('login.lockIntro', { name: session?.user.fullName ?? '' })}
        </p>
        <Field
          label={t('login.password')}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoFocus
          dir="ltr"
          autoComplete="current-password"
        />
        {error ? <Alert>{errorText(t, i18n.language, error)}</Alert> : null}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={password === '' || busy}>
            {t('login.unlock')}
          </Button>
          <Button variant="ghost" onClick={() => void logout()}>
            {t('login.switchUser')}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
