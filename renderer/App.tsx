import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from './lib/errors';
import { ChangePasswordScreen } from './manager/ChangePasswordScreen';
import { LoginScreen } from './screens/LoginScreen';
import { SetupScreen } from './screens/SetupScreen';
import { Shell } from './screens/Shell';
import { useSession } from './stores/session';
import { Alert } from './ui/Alert';

export function App() {
  const { t, i18n } = useTranslation();
  const phase = useSession((s) => s.phase);
  const bootError = useSession((s) => s.bootError);
  const boot = useSession((s) => s.boot);
  const mustChangePassword = useSession((s) => s.session?.mustChangePassword === true);

  useEffect(() => {
    void boot();
  }, [boot]);

  switch (phase) {
    case 'loading':
      return <p className="p-8 text-slate-500">{t('app.loading')}</p>;
    case 'unavailable':
      return (
        <main className="p-8">
          <Alert>{bootError ? errorText(t, i18n.language, bootError) : t('app.coreUnavailable')}</Alert>
        </main>
      );
    case 'setup':
      return <SetupScreen />;
    case 'login':
      return <LoginScreen />;
    case 'app':
      // The core refuses everything else until then (password_change_required).
      return mustChangePassword ? <ChangePasswordScreen /> : <Shell />;
  }
}
