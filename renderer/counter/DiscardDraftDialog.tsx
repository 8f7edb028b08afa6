import { useTranslation } from 'react-i18next';
import { Button } from '../ui/Button';
import { ModalDialog } from '../ui/ModalDialog';

interface DiscardDraftDialogProps {
  readonly open: boolean;
  readonly onDiscard: () => void;
  readonly onKeep: () => void;
}

/** Alt+N over a form with a citizen's details in it: Enter starts afresh, Escape goes back to them. */
export function DiscardDraftDialog({ open, onDiscard, onKeep }: DiscardDraftDialogProps) {
  const { t } = useTranslation();
  return (
    <ModalDialog open={open} labelledBy="discard-title" describedBy="discard-text" onCancel={onKeep}>
      <div className="flex flex-col gap-3">
        <h2 id="discard-title" className="text-lg font-semibold">
          {t('counter.discardTitle')}
        </h2>
        <p id="discard-text" className="text-sm text-slate-600">
          {t('counter.discardText')}
        </p>
        <div className="flex gap-2">
          <Button onClick={onDiscard} autoFocus>
            {t('counter.discardConfirm')}
          </Button>
          <Button variant="ghost" onClick={onKeep}>
            {t('counter.discardKeep')}
          </Button>
        </div>
      </div>
    </ModalDialog>
  );
}
