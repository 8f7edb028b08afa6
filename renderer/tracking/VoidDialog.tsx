import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TransactionDetail } from '../../shared/ipc/counter';
import type { AppErrorShape } from '../../shared/result';
import { VOID_REASON_MAX, VOID_REASON_MIN } from '../../shared/void-reason';
import { normalizeNote } from '../../shared/text/normalize';
import { call } from '../api/client';
import { errorText } from '../lib/errors';
import { enterAdvances } from '../lib/useEnterAdvances';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { ModalDialog } from '../ui/ModalDialog';

interface VoidDialogProps {
  readonly open: boolean;
  readonly tx: TransactionDetail;
  readonly onClose: () => void;
  readonly onDone: () => void;
}

/** The operator gives the reason; a manager approves on the spot with their own password. */
export function VoidDialog({ open, tx, onClose, onDone }: VoidDialogProps) {
  const { t, i18n } = useTranslation();
  const [reason, setReason] = useState('');
  const [manager, setManager] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [reasonProblem, setReasonProblem] = useState<'missing' | 'too_long' | null>(null);
  // The approval left empty is said under its field, not taken for a wrong password.
  const [missing, setMissing] = useState<{ manager: boolean; password: boolean }>({
    manager: false,
    password: false,
  });
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // One request at a time: a second Enter would count as a second wrong password.
    if (busy) return;
    // Measured as the core will store it: marks, spaces and ZWNJs are no reason.
    const length = normalizeNote(reason).length;
    if (length < VOID_REASON_MIN || length > VOID_REASON_MAX) {
      setReasonProblem(length < VOID_REASON_MIN ? 'missing' : 'too_long');
      return;
    }
    setReasonProblem(null);
    const empty = { manager: manager.trim() === '', password: password === '' };
    setMissing(empty);
    if (empty.manager || empty.password) {
      setError(null);
      return;
    }
    setBusy(true);
    const result = await call('transactions.void', {
      id: tx.id,
      reason,
      approverUsername: manager,
      approverPassword: password,
    });
    setBusy(false);
    setPassword('');
    if (result.ok) {
      setError(null);
      setReason('');
      onDone();
    } else
      setError(
        result.error.code === 'invalid_input'
          ? { ...result.error, code: 'invalid_credentials', messageKey: 'errors.invalid_credentials' }
          : result.error,
      );
  }

  return (
    <ModalDialog open={open} labelledBy="void-title" onCancel={onClose}>
      <form onSubmit={submit} onKeyDown={enterAdvances} className="flex flex-col gap-3">
        <h2 id="void-title" className="text-lg font-semibold">
          {t('tracking.voidTitle')}
        </h2>
        <p className="text-sm text-slate-600">{t('tracking.voidIntro')}</p>
        <Field
          label={t('tracking.voidReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={
            reasonProblem === 'missing'
              ? t('tracking.voidReasonMissing')
              : reasonProblem === 'too_long'
                ? t('tracking.voidReasonTooLong')
                : null
          }
          autoFocus
        />
        <Field
          label={t('tracking.approver')}
          value={manager}
          onChange={(e) => setManager(e.target.value)}
          error={missing.manager ? t('tracking.approverMissing') : null}
          dir="ltr"
          autoComplete="off"
        />
        <Field
          label={t('tracking.approverPassword')}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={missing.password ? t('tracking.approverPasswordMissing') : null}
          dir="ltr"
          autoComplete="off"
        />
        {error ? <Alert>{errorText(t, i18n.language, error)}</Alert> : null}
        <div className="flex gap-2">
          <Button type="submit" disabled={busy}>
            {t('tracking.approveVoid')}
          </Button>
          <Button variant="ghost" onClick={onClose}>
            {t('tracking.cancel')}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
