import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH, type SessionInfo } from '../../shared/ipc/schemas';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';
import { errorText } from '../lib/errors';
import { useOneAtATime } from '../lib/useOneAtATime';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';

/**
 * The current password and a new one typed twice: a user changing their own password, whether they
 * must (the forced screen) or chose to (the header's dialog). The core asks for the current one.
 */
export function ChangePasswordForm({
  heading,
  intro,
  onChanged,
  children,
}: {
  readonly heading: ReactNode;
  readonly intro: string;
  readonly onChanged: (session: SessionInfo) => void;
  /** Buttons beside Save (log out, cancel). */
  readonly children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
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
      if (r.ok) {
        setError(null);
        onChanged(r.value);
      } else setError(r.error);
    });
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      {heading}
      <p className="text-sm text-slate-600">{intro}</p>
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
      {children}
    </form>
  );
}
