import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DISTRICT_COUNT,
  newPasswordSchema,
  officeCodeSchema,
  personNameSchema,
  terminalNumberSchema,
  usernameSchema,
} from '../../shared/ipc/schemas';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';
import { localizeDigits, typedNumber } from '../lib/digits';
import { errorText } from '../lib/errors';
import { useSession } from '../stores/session';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { LanguageSwitch } from './LanguageSwitch';

type FieldName =
  'officeName' | 'officeCode' | 'terminalNumber' | 'fullName' | 'username' | 'password' | 'passwordRepeat';

interface Form {
  officeName: string;
  officeCode: string;
  district: number;
  terminalNumber: string;
  fullName: string;
  username: string;
  password: string;
  passwordRepeat: string;
}

/** The same schemas the core applies, checked here first so every message appears beside its field. */
function validate(form: Form): Partial<Record<FieldName, true>> {
  const bad: Partial<Record<FieldName, true>> = {};
  if (!personNameSchema.safeParse(form.officeName).success) bad.officeName = true;
  if (!officeCodeSchema.safeParse(form.officeCode).success) bad.officeCode = true;
  if (!terminalNumberSchema.safeParse(typedNumber(form.terminalNumber)).success) bad.terminalNumber = true;
  if (!personNameSchema.safeParse(form.fullName).success) bad.fullName = true;
  if (!usernameSchema.safeParse(form.username).success) bad.username = true;
  if (!newPasswordSchema.safeParse(form.password).success) bad.password = true;
  if (form.password !== form.passwordRepeat) bad.passwordRepeat = true;
  return bad;
}

export function SetupScreen() {
  const { t, i18n } = useTranslation();
  const signedIn = useSession((s) => s.signedIn);
  const [form, setForm] = useState<Form>({
    officeName: '',
    officeCode: '',
    district: 1,
    // No default: a second PC of the office left at 1 would issue the first PC's tracking codes.
    terminalNumber: '',
    fullName: '',
    username: '',
    password: '',
    passwordRepeat: '',
  });
  const [bad, setBad] = useState<Partial<Record<FieldName, true>>>({});
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);

  const update = (key: keyof Form) => (e: { target: { value: string } }) => {
    setForm({ ...form, [key]: e.target.value });
    // A corrected field stops showing its old message.
    if (key in bad) setBad({ ...bad, [key]: undefined });
  };
  const fieldError = (key: FieldName) =>
    !bad[key]
      ? null
      : key === 'terminalNumber' && form.terminalNumber.trim() === ''
        ? t('setup.errors.terminalNumberMissing')
        : t(`setup.errors.${key}`);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems = validate(form);
    setBad(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    const result = await call('setup.createOffice', {
      officeName: form.officeName,
      officeCode: form.officeCode,
      district: form.district,
      terminalNumber: typedNumber(form.terminalNumber),
      manager: { username: form.username, fullName: form.fullName, password: form.password },
    });
    setBusy(false);
    if (result.ok) await signedIn(result.value);
    else setError(result.error);
  }

  return (
    <main className="mx-auto flex min-h-screen max-w-2xl flex-col justify-center gap-6 p-8">
      <header className="flex items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold text-teal-800">{t('setup.title')}</h1>
          <p className="mt-2 text-slate-600">{t('setup.intro')}</p>
        </div>
        <LanguageSwitch />
      </header>
      <form
        onSubmit={submit}
        noValidate
        className="flex flex-col gap-6 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
      >
        <fieldset className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <legend className="mb-2 text-lg font-semibold">{t('setup.officeSection')}</legend>
          <Field
            label={t('setup.officeName')}
            value={form.officeName}
            onChange={update('officeName')}
            error={fieldError('officeName')}
            autoFocus
          />
          <Field
            label={t('setup.officeCode')}
            value={form.officeCode}
            onChange={update('officeCode')}
            error={fieldError('officeCode')}
            inputMode="numeric"
            dir="ltr"
          />
          <div className="flex flex-col gap-1">
            <label htmlFor="setup-district" className="text-sm font-medium text-slate-700">
              {t('setup.district')}
            </label>
            <select
              id="setup-district"
              value={form.district}
              onChange={(e) => setForm({ ...form, district: Number(e.target.value) })}
              className="rounded-md border border-slate-300 bg-white px-3 py-2 outline-none focus:ring-2 focus:ring-teal-600"
            >
              {Array.from({ length: DISTRICT_COUNT }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {t('setup.districtOption', { n: localizeDigits(n, i18n.language) })}
                </option>
              ))}
            </select>
          </div>
          <Field
            label={t('setup.terminalNumber')}
            hint={t('setup.terminalNumberHint')}
            value={form.terminalNumber}
            onChange={update('terminalNumber')}
            error={fieldError('terminalNumber')}
            inputMode="numeric"
            dir="ltr"
          />
        </fieldset>
        <fieldset className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <legend className="mb-2 text-lg font-semibold">{t('setup.managerSection')}</legend>
          <Field
            label={t('setup.fullName')}
            value={form.fullName}
            onChange={update('fullName')}
            error={fieldError('fullName')}
          />
          <Field
            label={t('setup.username')}
            hint={t('setup.usernameHint')}
            value={form.username}
            onChange={update('username')}
            error={fieldError('username')}
            dir="ltr"
            autoComplete="username"
          />
          <Field
            label={t('setup.password')}
            hint={t('setup.passwordHint')}
            type="password"
            value={form.password}
            onChange={update('password')}
            error={fieldError('password')}
            dir="ltr"
            autoComplete="new-password"
          />
          <Field
            label={t('setup.passwordRepeat')}
            type="password"
            value={form.passwordRepeat}
            onChange={update('passwordRepeat')}
            error={fieldError('passwordRepeat')}
            dir="ltr"
            autoComplete="new-password"
          />
        </fieldset>
        {error ? <Alert>{errorText(t, i18n.language, error)}</Alert> : null}
        <Button type="submit" disabled={busy} className="self-start">
          {t('setup.submit')}
        </Button>
      </form>
    </main>
  );
}
