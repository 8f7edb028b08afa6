import { useTranslation } from 'react-i18next';
import { useSession } from '../stores/session';
import { Button } from '../ui/Button';
import { ChangePasswordForm } from './ChangePasswordForm';

/**
 * Shown instead of the shell while the session must change its password (a new account, or a
 * password the manager reset): the user picks a password only they know.
 */
export function ChangePasswordScreen() {
  const { t } = useTranslation();
  const session = useSession((s) => s.session);
  const logout = useSession((s) => s.logout);

  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl bg-white p-6 ring-1 ring-slate-200">
        <ChangePasswordForm
          heading={<h1 className="text-xl font-semibold">{t('users.changeTitle')}</h1>}
          intro={t('users.changeIntro', { name: session?.user.fullName ?? '' })}
          onChanged={(changed) => useSession.getState().unlocked(changed)}
        >
          <Button variant="ghost" onClick={() => void logout()}>
            {t('users.logout')}
          </Button>
        </ChangePasswordForm>
      </div>
    </main>
  );
}
