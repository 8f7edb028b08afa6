import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../stores/session';
import { Button } from '../ui/Button';
import { ModalDialog } from '../ui/ModalDialog';
import { ChangePasswordForm } from './ChangePasswordForm';

/**
 * A signed-in user changes their own password when they choose to (one they fear someone saw, say):
 * the only way to, since a manager's reset is never one's own (cannot_reset_own_password).
 */
export function ChangeOwnPasswordDialog({
  open,
  onClose,
  onChanged,
}: {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onChanged: () => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <ModalDialog open={open} labelledBy={titleId} onCancel={onClose}>
      {/* Mounted only while open: each opening starts empty. */}
      {open ? (
        <ChangePasswordForm
          heading={
            <h2 id={titleId} className="text-lg font-semibold">
              {t('users.changeOwnTitle')}
            </h2>
          }
          intro={t('users.changeOwnIntro')}
          onChanged={(changed) => {
            useSession.getState().unlocked(changed);
            onChanged();
          }}
        >
          <Button variant="ghost" onClick={onClose}>
            {t('users.cancel')}
          </Button>
        </ChangePasswordForm>
      ) : null}
    </ModalDialog>
  );
}
