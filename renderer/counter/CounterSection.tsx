import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Catalog, Service } from '../../shared/catalog/schema';
import { tariffFor } from '../../shared/catalog/tariff';
import { checkFieldValues } from '../../shared/counter/field-values';
import { newId } from '../../shared/ids';
import {
  checkCitizen,
  checkLegalPerson,
  isLegalPerson,
  type CitizenDraft,
  type LegalPersonDraft,
  type PayerKind,
} from '../../shared/citizen';
import { evaluateFee } from '../../shared/fees';
import { tehranWallTime } from '../../shared/jalali';
import { validateLegalEntityId } from '../../shared/validation';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';
import { errorText } from '../lib/errors';
import { useShortcuts } from '../lib/shortcuts';
import { enterAdvances } from '../lib/useEnterAdvances';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { FeeBreakdown } from './FeeBreakdown';
import { FieldInput } from './FieldInput';
import {
  EMPTY_PAYMENT,
  PaymentForm,
  paymentsFrom,
  refusedPaymentField,
  type PaymentDraft,
  type PaymentField,
} from './PaymentForm';
import { useSync } from '../sync/store';
import { DiscardDraftDialog } from './DiscardDraftDialog';
import { SavedView, type SavedSale } from './SavedView';
import { ServicePicker } from './ServicePicker';

const EMPTY_CITIZEN: CitizenDraft = { nationalId: '', firstName: '', lastName: '', mobile: '' };
const EMPTY_LEGAL_PERSON: LegalPersonDraft = { legalEntityId: '', name: '', mobile: '' };
const PAYER_KINDS: readonly PayerKind[] = ['natural', 'legal'];

/** Messages for a code from any of the places codes come from: validators, fee rules, the counter. */
function useCodeText() {
  const { t } = useTranslation();
  return (code: string) =>
    t([`validation.${code}`, `catalog.${code}`, `counter.codes.${code}`, 'counter.codes.invalid']);
}

/** Refusals of a save that a newer catalog than the one on screen explains. */
const CATALOG_SENSITIVE: ReadonlySet<string> = new Set([
  'payment_sum_mismatch',
  'payment_required',
  'no_tariff_in_force',
  'service_unknown',
  'service_inactive',
  'fields_invalid',
]);

/** What the operator has typed into the counter's form, kept across a change of service or section. */
export interface CounterDraft {
  /** The service the details are for; null on the picker, with only the citizen kept. */
  readonly serviceCode: string | null;
  /** Who pays: a citizen (the default) or a legal person; each keeps what was typed for it. */
  readonly payerKind: PayerKind;
  readonly citizen: CitizenDraft;
  readonly legalPerson: LegalPersonDraft;
  readonly values: Readonly<Record<string, string>>;
  readonly payment: PaymentDraft;
}

/** Something typed that starting afresh would lose. */
function hasTypedData(draft: CounterDraft | null): boolean {
  if (!draft) return false;
  return [
    ...Object.values(draft.citizen),
    ...Object.values(draft.legalPerson),
    ...Object.values(draft.values),
  ].some((v) => v.trim() !== '');
}

/** Names (and a mobile) filled in from a citizen seen before, and the national ID they belong to. */
interface Autofill {
  readonly nationalId: string;
  readonly firstName: string;
  readonly lastName: string;
  /** The mobile filled in, or null if the operator had typed one. */
  readonly mobile: string | null;
}

/** The citizen without what was filled in from another ID's record, where the operator left it as filled. */
function withoutAutofill(c: CitizenDraft, filled: Autofill): CitizenDraft {
  return {
    ...c,
    firstName: c.firstName === filled.firstName ? '' : c.firstName,
    lastName: c.lastName === filled.lastName ? '' : c.lastName,
    mobile: filled.mobile !== null && c.mobile === filled.mobile ? '' : c.mobile,
  };
}

/** The same for a legal person: its name (and a mobile) filled in from a شناسه ملی seen before. */
interface LegalAutofill {
  readonly legalEntityId: string;
  readonly name: string;
  readonly mobile: string | null;
}

function withoutLegalAutofill(p: LegalPersonDraft, filled: LegalAutofill): LegalPersonDraft {
  return {
    ...p,
    name: p.name === filled.name ? '' : p.name,
    mobile: filled.mobile !== null && p.mobile === filled.mobile ? '' : p.mobile,
  };
}
interface CounterSectionProps {
  /** The form being filled in, kept by the shell while the operator is in another section. */
  readonly draft: { current: CounterDraft | null };
}

export function CounterSection({ draft }: CounterSectionProps) {
  const { t, i18n } = useTranslation();
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  // The municipality's clock minus this PC's (as the core last learned it): the fee is worked out
  // for the municipality's today, as the core prices the save.
  const [clockOffsetMs, setClockOffsetMs] = useState(0);
  const [loadError, setLoadError] = useState<AppErrorShape | null>(null);
  const [service, setService] = useState<Service | null>(null);
  const [saved, setSaved] = useState<SavedSale | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [confirmNew, setConfirmNew] = useState(false);
  // A form left for another section and found again here.
  const [resumed, setResumed] = useState(false);
  // The service being filled in left the municipality's catalog: its name, to say so on the picker.
  const [withdrawn, setWithdrawn] = useState<string | null>(null);
  const lang = i18n.language === 'en' ? 'en' : 'fa';
  // Read by the shortcuts and by answers that arrive later, which see the latest, not their render's.
  const catalogRef = useRef<Catalog | null>(null);
  const serviceRef = useRef<Service | null>(null);
  serviceRef.current = service;

  /**
   * Takes the catalog the core holds now, if it is not the one on screen: the service being filled in
   * is looked up again by its code, and a service the catalog no longer offers goes back to the picker
   * with the citizen kept. True if the catalog was another.
   */
  async function reloadCatalog(): Promise<boolean> {
    const r = await call('catalog.current', {});
    if (!r.ok) {
      if (!catalogRef.current) setLoadError(r.error);
      return false;
    }
    setClockOffsetMs(r.value.clockOffsetMs);
    const next = r.value.catalog;
    const first = catalogRef.current === null;
    if (!first && next.catalogVersion === catalogRef.current?.catalogVersion) return false;
    catalogRef.current = next;
    setCatalog(next);
    const code = first ? (draft.current?.serviceCode ?? null) : (serviceRef.current?.code ?? null);
    if (code === null) return !first;
    const found = next.services.find((s) => s.code === code && s.active) ?? null;
    if (first) setResumed(found !== null && hasTypedData(draft.current));
    if (!found) {
      const gone = serviceRef.current ?? next.services.find((s) => s.code === code);
      setWithdrawn(gone ? gone.name[lang] : code);
      keepCitizenOnly();
    }
    serviceRef.current = found;
    setService(found);
    return !first;
  }

  const reload = useRef(reloadCatalog);
  reload.current = reloadCatalog;

  useEffect(() => {
    void reload.current();
  }, []);

  // A sync that finished may have brought the municipality's catalog: the counter follows it.
  const lastSync = useSync((s) => s.status?.lastSuccessAt ?? null);
  useEffect(() => {
    if (lastSync !== null && catalogRef.current) void reload.current();
  }, [lastSync]);

  /** What was typed for the citizen stays; the service's own details go with the service. */
  function keepCitizenOnly() {
    const d = draft.current;
    draft.current = d ? { ...d, serviceCode: null, values: {}, payment: EMPTY_PAYMENT } : null;
  }

  function startNew() {
    // What was typed is thrown away: no citizen is being served any more (a form on screen says
    // so again as it opens).
    if (hasTypedData(draft.current)) void call('counter.draft', { open: false });
    draft.current = null;
    setConfirmNew(false);
    backToPicker();
  }

  /** Alt+N: a form with something typed in it is thrown away only when the operator says so. */
  function askNew() {
    if (hasTypedData(draft.current)) setConfirmNew(true);
    else startNew();
  }

  /** F2 and "Change service": another service for the same citizen. */
  function changeService() {
    keepCitizenOnly();
    backToPicker();
  }

  /** The service picker again, with a fresh form after it and the catalog as the core holds it now. */
  function backToPicker() {
    setResumed(false);
    setWithdrawn(null);
    setService(null);
    setSaved(null);
    setFormKey((k) => k + 1);
    void reload.current();
  }

  function pick(next: Service) {
    setWithdrawn(null);
    setService(next);
  }

  function onSaved(sale: SavedSale) {
    draft.current = null;
    setResumed(false);
    setSaved(sale);
  }

  const actions = useRef({ askNew, changeService });
  actions.current = { askNew, changeService };
  useShortcuts(
    useMemo(
      () => [
        { key: 'n', alt: true, run: () => actions.current.askNew() },
        { key: 'F2', run: () => actions.current.changeService() },
      ],
      [],
    ),
  );

  if (loadError) return <Alert>{errorText(t, i18n.language, loadError)}</Alert>;
  if (!catalog) return <p className="text-slate-500">{t('app.loading')}</p>;
  if (saved) return <SavedView saved={saved} onNew={startNew} />;

  const kept = draft.current && !service ? draft.current : null;
  return (
    <div className="flex flex-col gap-4">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">{t('counter.title')}</h1>
        <p className="text-xs text-slate-500">{t('counter.shortcuts')}</p>
      </header>
      {catalog.sample ? <Alert tone="info">{t('counter.sampleCatalog')}</Alert> : null}
      {resumed && service ? (
        <Alert tone="info">
          <span data-testid="draft-resumed">{t('counter.draftResumed')}</span>
        </Alert>
      ) : null}
      {withdrawn !== null && !service ? (
        <Alert>
          <span data-testid="service-withdrawn">{t('counter.serviceWithdrawn', { name: withdrawn })}</span>
        </Alert>
      ) : null}
      {kept && hasTypedData(draft.current) ? (
        <p className="text-sm text-slate-600" data-testid="kept-citizen">
          {kept.payerKind === 'legal'
            ? t('counter.keptLegalPerson', {
                name: kept.legalPerson.name.trim() || '—',
                legalEntityId: kept.legalPerson.legalEntityId || '—',
              })
            : t('counter.keptCitizen', {
                name: `${kept.citizen.firstName} ${kept.citizen.lastName}`.trim() || '—',
                nationalId: kept.citizen.nationalId || '—',
              })}
        </p>
      ) : null}
      {service ? (
        <TransactionForm
          key={formKey}
          catalog={catalog}
          clockOffsetMs={clockOffsetMs}
          service={service}
          initial={draft.current}
          onDraft={(d) => {
            draft.current = d;
          }}
          onCancel={changeService}
          onSaved={onSaved}
          onRefused={() => reload.current()}
          keptAfter={() => hasTypedData(draft.current)}
        />
      ) : (
        <ServicePicker
          services={catalog.services.filter((s) => s.active)}
          onPick={pick}
          inputId="service-search"
        />
      )}
      <DiscardDraftDialog open={confirmNew} onDiscard={startNew} onKeep={() => setConfirmNew(false)} />
    </div>
  );
}

interface TransactionFormProps {
  readonly catalog: Catalog;
  /** The municipality's clock minus this PC's: the fee is for the municipality's today. */
  readonly clockOffsetMs: number;
  readonly service: Service;
  /** What was typed before: the citizen always, the details and payment if for this service. */
  readonly initial: CounterDraft | null;
  /** Every change to what is typed, for the counter to keep. */
  readonly onDraft: (draft: CounterDraft) => void;
  readonly onCancel: () => void;
  readonly onSaved: (saved: SavedSale) => void;
  /** A save refused for its fee or payments: whether the catalog on screen was out of date. */
  readonly onRefused: () => Promise<boolean>;
  /** Whether what was typed is kept after this form goes (another section, another service). */
  readonly keptAfter: () => boolean;
}

function TransactionForm({
  catalog,
  clockOffsetMs,
  service,
  initial,
  onDraft,
  onCancel,
  onSaved,
  onRefused,
  keptAfter,
}: TransactionFormProps) {
  const { t, i18n } = useTranslation();
  const codeText = useCodeText();
  const lang = i18n.language === 'en' ? 'en' : 'fa';
  // One id per form: a retried save (double press, lost answer) is recognised by the core, never
  // saved twice. Made at the first press, not when the form opens: the id carries the moment it was
  // made (shared/ids), and how long a citizen stood at the counter is not the municipality's to read.
  const requestId = useRef<string | null>(null);
  const sameService = initial?.serviceCode === service.code;
  const [payerKind, setPayerKind] = useState<PayerKind>(initial?.payerKind ?? 'natural');
  const [citizen, setCitizen] = useState<CitizenDraft>(initial?.citizen ?? EMPTY_CITIZEN);
  const [legalPerson, setLegalPerson] = useState<LegalPersonDraft>(
    initial?.legalPerson ?? EMPTY_LEGAL_PERSON,
  );
  const [values, setValues] = useState<Record<string, string>>(sameService ? initial.values : {});
  const [payment, setPayment] = useState<PaymentDraft>(sameService ? initial.payment : EMPTY_PAYMENT);
  const [showErrors, setShowErrors] = useState(false);
  const [saveError, setSaveError] = useState<AppErrorShape | null>(null);
  // The catalog changed under this form: only its fee ('tariff'), or the service's details too.
  const [catalogChange, setCatalogChange] = useState<'tariff' | 'fields' | null>(null);
  const seen = useRef({ version: catalog.catalogVersion, fields: service.fields });
  const [busy, setBusy] = useState(false);
  // What was filled in from a citizen seen before, for which national ID: it goes when the ID changes.
  const autofill = useRef<Autofill | null>(null);
  const [autofilled, setAutofilled] = useState(false);
  const latestCitizen = useRef(citizen);
  latestCitizen.current = citizen;
  const legalAutofill = useRef<LegalAutofill | null>(null);
  const [legalAutofilled, setLegalAutofilled] = useState(false);
  const latestLegalPerson = useRef(legalPerson);
  latestLegalPerson.current = legalPerson;
  // A kind chosen puts the keyboard in that kind's first field, its ID.
  const payerFields = useRef<HTMLFieldSetElement>(null);
  const shownKind = useRef(payerKind);
  useEffect(() => {
    if (shownKind.current === payerKind) return;
    shownKind.current = payerKind;
    payerFields.current?.querySelector<HTMLInputElement>('input:not([type=radio])')?.focus();
  }, [payerKind]);

  // While this form is on screen a citizen is being served: an app update must not restart under it.
  // Nor while what was typed waits for the operator to come back from another section.
  const kept = useRef(keptAfter);
  kept.current = keptAfter;
  useEffect(() => {
    void call('counter.draft', { open: true });
    return () => {
      if (!kept.current()) void call('counter.draft', { open: false });
    };
  }, []);

  useEffect(() => {
    onDraft({ serviceCode: service.code, payerKind, citizen, legalPerson, values, payment });
  }, [onDraft, service.code, payerKind, citizen, legalPerson, values, payment]);

  // A newer catalog reached the counter: the form takes it, keeps what was typed where its field is
  // still there, and says so before anything is saved.
  useEffect(() => {
    if (seen.current.version === catalog.catalogVersion) return;
    const fieldsChanged = JSON.stringify(seen.current.fields) !== JSON.stringify(service.fields);
    seen.current = { version: catalog.catalogVersion, fields: service.fields };
    setCatalogChange(fieldsChanged ? 'fields' : 'tariff');
    setSaveError(null);
  }, [catalog.catalogVersion, service.fields]);

  const today = tehranWallTime(Date.now() + clockOffsetMs).isoDate;
  // Each is worked out again only when what it reads changed: a keystroke into a name neither
  // re-checks the service's details nor re-prices the fee.
  const tariff = useMemo(() => tariffFor(catalog, service.code, today), [catalog, service.code, today]);
  const citizenCheck = useMemo(() => checkCitizen(citizen), [citizen]);
  const legalCheck = useMemo(() => checkLegalPerson(legalPerson), [legalPerson]);
  const payerOk = payerKind === 'legal' ? legalCheck.ok : citizenCheck.ok;
  // Only this service's fields: a value typed for a field a newer catalog took away is not sent.
  const serviceValues = useMemo(
    () =>
      Object.fromEntries(
        service.fields.flatMap((f) => (values[f.key] === undefined ? [] : [[f.key, values[f.key]]])),
      ) as Record<string, string>,
    [service, values],
  );
  const fieldCheck = useMemo(() => checkFieldValues(service, serviceValues), [service, serviceValues]);
  const feeResult = useMemo(
    () => (tariff && fieldCheck.ok ? evaluateFee(tariff, fieldCheck.values, { today }) : null),
    [tariff, fieldCheck, today],
  );
  const fee = feeResult?.ok ? feeResult.value : null;
  // The details are complete but the tariff cannot price them: said, and the field at fault marked.
  const feeFailure = feeResult && !feeResult.ok ? feeResult.error : null;

  // Citizens seen before at this terminal fill themselves in once their national ID is complete.
  const nationalIdCheck = citizenCheck.ok ? citizenCheck.value.nationalId : citizenCheck.nationalId;
  useEffect(() => {
    // Another ID (or none yet): what the previous one's record filled in goes, what was typed stays.
    const filled = autofill.current;
    if (filled && filled.nationalId !== nationalIdCheck) {
      autofill.current = null;
      setAutofilled(false);
      setCitizen((c) => withoutAutofill(c, filled));
    }
    if (!nationalIdCheck) return;
    let live = true;
    void call('citizens.lookup', { nationalId: nationalIdCheck }).then((r) => {
      if (!live || !r.ok || !r.value || isLegalPerson(r.value)) return;
      const found = r.value;
      const c = latestCitizen.current;
      if (c.firstName || c.lastName) return;
      const mobile = c.mobile || (found.mobile ?? '');
      autofill.current = {
        nationalId: nationalIdCheck,
        firstName: found.firstName,
        lastName: found.lastName,
        mobile: c.mobile ? null : mobile,
      };
      setAutofilled(true);
      setCitizen({ ...c, firstName: found.firstName, lastName: found.lastName, mobile });
    });
    return () => {
      live = false;
    };
  }, [nationalIdCheck]);

  // A legal person seen before fills its name in the same way, by its شناسه ملی.
  const legalEntityIdCheck = legalCheck.ok ? legalCheck.value.legalEntityId : legalCheck.legalEntityId;
  useEffect(() => {
    const filled = legalAutofill.current;
    if (filled && filled.legalEntityId !== legalEntityIdCheck) {
      legalAutofill.current = null;
      setLegalAutofilled(false);
      setLegalPerson((p) => withoutLegalAutofill(p, filled));
    }
    if (!legalEntityIdCheck) return;
    let live = true;
    void call('citizens.lookup', { legalEntityId: legalEntityIdCheck }).then((r) => {
      if (!live || !r.ok || !r.value || !isLegalPerson(r.value)) return;
      const found = r.value;
      const p = latestLegalPerson.current;
      if (p.name) return;
      const mobile = p.mobile || (found.mobile ?? '');
      legalAutofill.current = {
        legalEntityId: legalEntityIdCheck,
        name: found.name,
        mobile: p.mobile ? null : mobile,
      };
      setLegalAutofilled(true);
      setLegalPerson({ ...p, name: found.name, mobile });
    });
    return () => {
      live = false;
    };
  }, [legalEntityIdCheck]);

  const total = fee?.total ?? null;
  const paymentResult = total === null ? null : paymentsFrom(payment, total);

  // After a refused save the keyboard goes where the fix is: the first field marked wrong, or else
  // Save itself. Saving disables Save, which dropped the focus to the page, out of the operator's reach.
  const formRef = useRef<HTMLFormElement>(null);
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (refusals === 0) return;
    const form = formRef.current;
    const target =
      form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form?.querySelector<HTMLElement>('button[type="submit"]');
    target?.focus();
  }, [refusals]);

  async function save(event?: FormEvent) {
    event?.preventDefault();
    setShowErrors(true);
    if (!payerOk || !fieldCheck.ok || !fee || !paymentResult || 'problem' in paymentResult) {
      setRefusals((n) => n + 1);
      return;
    }
    setBusy(true);
    requestId.current ??= newId();
    const result = await call('transactions.create', {
      id: requestId.current,
      serviceCode: service.code,
      citizen:
        payerKind === 'legal'
          ? {
              kind: 'legal',
              legalEntityId: legalPerson.legalEntityId,
              name: legalPerson.name,
              mobile: legalPerson.mobile || null,
            }
          : {
              nationalId: citizen.nationalId,
              firstName: citizen.firstName,
              lastName: citizen.lastName,
              mobile: citizen.mobile || null,
            },
      fields: serviceValues,
      payments: paymentResult.payments,
    });
    if (result.ok) {
      setBusy(false);
      onSaved(result.value);
      return;
    }
    // The core priced or checked it with a newer catalog than the one on screen: the counter takes
    // that catalog (the effect above says so), and this refusal is not the operator's to fix.
    const stale =
      CATALOG_SENSITIVE.has(String(result.error.details['reason'] ?? result.error.code)) &&
      (await onRefused());
    setBusy(false);
    setSaveError(stale ? null : result.error);
    setRefusals((n) => n + 1);
  }

  useShortcuts(useMemo(() => [{ key: 's', ctrl: true, run: () => void save() }], [save]));

  function editPayment(next: PaymentDraft) {
    setPayment(next);
    // The core refused the payment as it was before this edit: its message goes with it.
    if (saveError?.code === 'payment_invalid') setSaveError(null);
  }

  const citizenError = (key: keyof CitizenDraft) => {
    if (!showErrors || citizenCheck.ok) return null;
    const code = citizenCheck.errors[key];
    // A company's 11-digit شناسه ملی typed as a کد ملی: the operator is told which kind to choose.
    if (key === 'nationalId' && code === 'national_id_length' && validateLegalEntityId(citizen.nationalId).ok)
      return t('counter.looksLikeLegalEntityId');
    return code ? codeText(code) : null;
  };
  const legalError = (key: keyof LegalPersonDraft) => {
    if (!showErrors || legalCheck.ok) return null;
    const code = legalCheck.errors[key];
    return code ? codeText(code) : null;
  };
  const fieldError = (key: string) => {
    if (!fieldCheck.ok) return showErrors && fieldCheck.errors[key] ? codeText(fieldCheck.errors[key]) : null;
    return feeFailure?.field === key ? codeText(feeFailure.code) : null;
  };
  // A payment the core refused: said once, under the one field it is about, or else in the alert.
  const refusedReason =
    saveError?.code === 'payment_invalid' ? String(saveError.details['reason'] ?? '') : null;
  const refusedField =
    refusedReason !== null && paymentResult ? refusedPaymentField(refusedReason, payment.mode) : null;
  const paymentError = (key: PaymentField) => {
    if (!showErrors || !paymentResult) return null;
    if ('problem' in paymentResult) {
      if (paymentResult.problem !== key) return null;
      return paymentResult.code ? codeText(paymentResult.code) : t(`counter.paymentProblem.${key}`);
    }
    return refusedReason !== null && refusedField === key ? codeText(refusedReason) : null;
  };

  return (
    <form
      ref={formRef}
      onSubmit={save}
      onKeyDown={enterAdvances}
      noValidate
      className="grid grid-cols-1 gap-4 lg:grid-cols-3"
    >
      <div className="flex flex-col gap-4 lg:col-span-2">
        <section className="flex items-center justify-between rounded-xl bg-teal-50 p-3 ring-1 ring-teal-200">
          <div>
            <p className="text-xs text-teal-800">{t('counter.service')}</p>
            <p className="font-semibold" data-testid="chosen-service">
              {service.name[lang]}
            </p>
          </div>
          <Button variant="secondary" onClick={onCancel}>
            {t('counter.changeService')} <kbd className="ms-1 rounded bg-slate-100 px-1 text-xs">F2</kbd>
          </Button>
        </section>
        <fieldset
          ref={payerFields}
          className="grid grid-cols-1 gap-3 rounded-xl bg-white p-4 ring-1 ring-slate-200 sm:grid-cols-2"
        >
          <legend className="font-semibold">{t('counter.citizen')}</legend>
          {/* Before the ID in the page, so Enter from the ID goes on as it always has; Shift+Tab
              reaches it, and choosing a kind puts the keyboard in that kind's ID field. */}
          <div
            role="radiogroup"
            aria-label={t('counter.payerKind')}
            className="flex flex-wrap gap-4 sm:col-span-2"
          >
            {PAYER_KINDS.map((kind) => (
              <label key={kind} className="flex items-center gap-1 text-sm">
                <input
                  type="radio"
                  name="payer-kind"
                  checked={payerKind === kind}
                  onChange={() => setPayerKind(kind)}
                />
                {t(`counter.${kind}`)}
              </label>
            ))}
          </div>
          {payerKind === 'legal' ? (
            <>
              <Field
                label={t('counter.legalEntityId')}
                value={legalPerson.legalEntityId}
                onChange={(e) => setLegalPerson({ ...legalPerson, legalEntityId: e.target.value })}
                error={legalError('legalEntityId')}
                hint={legalAutofilled ? t('counter.autofilled') : undefined}
                inputMode="numeric"
                dir="ltr"
                autoFocus
              />
              <Field
                label={t('counter.mobile')}
                value={legalPerson.mobile}
                onChange={(e) => setLegalPerson({ ...legalPerson, mobile: e.target.value })}
                error={legalError('mobile')}
                inputMode="numeric"
                dir="ltr"
              />
              <div className="sm:col-span-2">
                <Field
                  label={t('counter.legalName')}
                  value={legalPerson.name}
                  onChange={(e) => setLegalPerson({ ...legalPerson, name: e.target.value })}
                  error={legalError('name')}
                />
              </div>
            </>
          ) : (
            <>
              <Field
                label={t('counter.nationalId')}
                value={citizen.nationalId}
                onChange={(e) => setCitizen({ ...citizen, nationalId: e.target.value })}
                error={citizenError('nationalId')}
                hint={autofilled ? t('counter.autofilled') : undefined}
                inputMode="numeric"
                dir="ltr"
                autoFocus
              />
              <Field
                label={t('counter.mobile')}
                value={citizen.mobile}
                onChange={(e) => setCitizen({ ...citizen, mobile: e.target.value })}
                error={citizenError('mobile')}
                inputMode="numeric"
                dir="ltr"
              />
              <Field
                label={t('counter.firstName')}
                value={citizen.firstName}
                onChange={(e) => setCitizen({ ...citizen, firstName: e.target.value })}
                error={citizenError('firstName')}
              />
              <Field
                label={t('counter.lastName')}
                value={citizen.lastName}
                onChange={(e) => setCitizen({ ...citizen, lastName: e.target.value })}
                error={citizenError('lastName')}
              />
            </>
          )}
        </fieldset>
        {service.fields.length > 0 ? (
          <fieldset className="grid grid-cols-1 gap-3 rounded-xl bg-white p-4 ring-1 ring-slate-200 sm:grid-cols-2">
            <legend className="font-semibold">{t('counter.details')}</legend>
            {service.fields.map((f) => (
              <FieldInput
                key={f.key}
                field={f}
                value={values[f.key] ?? ''}
                error={fieldError(f.key)}
                onChange={(v) => setValues({ ...values, [f.key]: v })}
              />
            ))}
          </fieldset>
        ) : null}
      </div>
      <div className="flex flex-col gap-4">
        <FeeBreakdown
          lines={fee?.lines ?? null}
          total={total}
          pending={tariff ? t('counter.feePending') : t('errors.no_tariff_in_force')}
          problem={feeFailure ? codeText(feeFailure.code) : null}
        />
        {total !== null ? (
          <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
            <PaymentForm
              total={total}
              draft={payment}
              onChange={editPayment}
              errors={{
                tendered: paymentError('tendered'),
                cashAmount: paymentError('cashAmount'),
                reference: paymentError('reference'),
              }}
            />
          </div>
        ) : null}
        {catalogChange === 'tariff' ? (
          <Alert tone="info">
            <span data-testid="tariff-changed">{t('counter.tariffChanged')}</span>
          </Alert>
        ) : null}
        {catalogChange === 'fields' ? (
          <Alert tone="info">
            <span data-testid="catalog-changed">{t('counter.catalogChanged')}</span>
          </Alert>
        ) : null}
        {saveError && refusedField === null ? <Alert>{errorText(t, i18n.language, saveError)}</Alert> : null}
        {showErrors && (!payerOk || !fieldCheck.ok) ? <Alert>{t('counter.fixErrors')}</Alert> : null}
        <Button type="submit" disabled={busy} data-advance-stop>
          {t('counter.save')} <kbd className="ms-1 rounded bg-teal-900/40 px-1 text-xs">Ctrl+S</kbd>
        </Button>
      </div>
    </form>
  );
}
