import type { Catalog, Service } from '../../shared/catalog/schema';
import { tariffFor } from '../../shared/catalog/tariff';
import { checkCitizen, checkLegalPerson } from '../../shared/citizen';
import { checkFieldValues, type StoredValue } from '../../shared/counter/field-values';
import { formatJalali, gregorianToJalali } from '../../shared/jalali';
import { evaluateFee } from '../../shared/fees';
import type { PushItem } from '../../shared/sync/protocol';
import type { PushRefusalReason, TrackingCodeRefusal } from '../../shared/sync/refusals';
import { parseTrackingCode } from '../../shared/tracking-code';

/** What the server indexes an accepted item by. */
export interface ItemIndex {
  readonly trackingCode: string;
  /** The transaction the item is (a transaction) or is about (a void or cancellation request). */
  readonly transactionId: string;
}

/** The kinds re-checked against the catalog and tracking codes: a transaction and what refers to one. */
export type RecheckedItem = Omit<PushItem, 'kind'> & {
  readonly kind: 'transaction' | 'void' | 'cancellation_request';
};

export type RecheckResult =
  | { readonly ok: true; readonly index: ItemIndex }
  | { readonly ok: false; readonly reason: PushRefusalReason };

export interface RecheckContext {
  /** The pushing terminal's office and number. */
  readonly officeCode: string;
  readonly terminalNumber: number;
  /** The published catalog of the version the transaction names, or null if none was published. */
  catalog(version: string): Catalog | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

type Body = Readonly<Record<string, unknown>>;

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function isRials(value: unknown): value is number {
  return isInt(value) && value >= 0;
}

function isText(value: unknown, max = 2000): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rejected(reason: PushRefusalReason): RecheckResult {
  return { ok: false, reason };
}

/**
 * The tracking code is the 14 ASCII digits a counter writes (the index and its uniqueness hold that
 * spelling: the same code with dashes or Persian digits would pass as another), and names the
 * pushing terminal's office and number.
 */
function checkTrackingCode(code: unknown, context: RecheckContext): TrackingCodeRefusal | null {
  if (typeof code !== 'string') return 'tracking_code_invalid';
  const parsed = parseTrackingCode(code);
  if (!parsed.ok || parsed.value.code !== code) return 'tracking_code_invalid';
  if (
    parsed.value.officeCode !== context.officeCode ||
    parsed.value.terminalNumber !== context.terminalNumber
  )
    return 'tracking_code_not_this_terminal';
  return null;
}

/** A stored (canonical) value back in a form the counter's field check reads, as typed. */
function asTyped(type: string, value: unknown): string | null {
  if (type === 'area') {
    if (!isInt(value) || value < 0) return null;
    return `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
  }
  if (type === 'jalali-date') {
    if (typeof value !== 'string' || !ISO_DATE.test(value)) return null;
    return formatJalali(gregorianToJalali(value));
  }
  if (typeof value === 'string') return value;
  if (isInt(value)) return String(value);
  return null;
}

type ServiceField = Service['fields'][number];

// A parsed catalog is kept (catalog-cache) and never changed: each service's fields by key with it.
const fieldMaps = new WeakMap<readonly ServiceField[], ReadonlyMap<string, ServiceField>>();

function fieldsByKey(service: Service): ReadonlyMap<string, ServiceField> {
  let byKey = fieldMaps.get(service.fields);
  if (!byKey) {
    byKey = new Map(service.fields.map((f) => [f.key, f]));
    fieldMaps.set(service.fields, byKey);
  }
  return byKey;
}

/**
 * The stored field values, checked with the counter's own field check: read back as typed, they
 * must check out and come back exactly as sent (canonical), or the transaction is rejected.
 */
function checkStoredFields(service: Service, fields: Body): Readonly<Record<string, StoredValue>> | null {
  const typed: Record<string, string> = {};
  const byKey = fieldsByKey(service);
  for (const [key, value] of Object.entries(fields)) {
    const field = byKey.get(key);
    if (!field) return null;
    const text = asTyped(field.type, value);
    if (text === null) return null;
    typed[key] = text;
  }
  const checked = checkFieldValues(service, typed);
  if (!checked.ok) return null;
  const keys = Object.keys(checked.values);
  if (keys.length !== Object.keys(fields).length) return null;
  for (const key of keys) if (checked.values[key] !== fields[key]) return null;
  return checked.values;
}

/**
 * The payer: a citizen `{nationalId, firstName, lastName, mobile}` (as every counter has always sent
 * it), or a legal person `{kind: 'legal', legalEntityId, name, mobile}`, each checked with the
 * counter's own check and holding exactly the keys of its kind. A kind this server does not know is
 * a citizen_invalid like any other payer it cannot read.
 */
function checkPayerBody(payer: unknown): 'citizen_invalid' | 'legal_person_invalid' | null {
  if (!isObject(payer)) return 'citizen_invalid';
  const { mobile } = payer;
  if (payer.kind === 'legal') {
    const { legalEntityId, name } = payer;
    if (
      Object.keys(payer).sort().join() !== 'kind,legalEntityId,mobile,name' ||
      typeof legalEntityId !== 'string' ||
      typeof name !== 'string'
    )
      return 'legal_person_invalid';
    if (mobile !== null && typeof mobile !== 'string') return 'legal_person_invalid';
    // As the counter stores it (canonical): another spelling would be another payer to a search.
    const checked = checkLegalPerson({ legalEntityId, name, mobile: mobile ?? '' });
    return checked.ok &&
      checked.value.legalEntityId === legalEntityId &&
      checked.value.name === name &&
      checked.value.mobile === mobile
      ? null
      : 'legal_person_invalid';
  }
  const { nationalId, firstName, lastName } = payer;
  if (typeof nationalId !== 'string' || typeof firstName !== 'string' || typeof lastName !== 'string')
    return 'citizen_invalid';
  if (mobile !== null && typeof mobile !== 'string') return 'citizen_invalid';
  if ('kind' in payer) return 'citizen_invalid';
  return checkCitizen({ nationalId, firstName, lastName, mobile: mobile ?? '' }).ok
    ? null
    : 'citizen_invalid';
}

function checkPayments(payments: unknown, total: number): 'payments_invalid' | 'payments_mismatch' | null {
  if (!Array.isArray(payments) || payments.length > 10) return 'payments_invalid';
  let paid = 0;
  for (const payment of payments as unknown[]) {
    if (!isObject(payment)) return 'payments_invalid';
    const { method, amount, tendered, change, reference } = payment;
    if ((method !== 'cash' && method !== 'card') || !isRials(amount) || amount === 0 || !isRials(change))
      return 'payments_invalid';
    if (method === 'cash' && tendered !== null && (!isRials(tendered) || tendered < amount))
      return 'payments_invalid';
    if (method === 'card' && (!isText(reference, 64) || change !== 0)) return 'payments_invalid';
    paid += amount;
  }
  return paid === total ? null : 'payments_mismatch';
}

/**
 * A transaction as the counter's outbox holds it (electron/core/transactions/save.ts), checked
 * again: its identity (id, office, terminal, tracking code), the citizen and field values with the
 * same shared checks the counter ran, and the fee re-computed with the shared rule code and the
 * tariff version it records, which must be the one in force on its business day. Lines and totals
 * must be exactly what that gives, and the payments must add up to the total.
 */
function recheckTransaction(item: RecheckedItem, body: Body, context: RecheckContext): RecheckResult {
  if (body.id !== item.id) return rejected('body_id_mismatch');
  if (body.office !== context.officeCode) return rejected('office_mismatch');
  if (body.terminal !== context.terminalNumber) return rejected('terminal_mismatch');
  const codeProblem = checkTrackingCode(body.trackingCode, context);
  if (codeProblem) return rejected(codeProblem);
  if (!isText(body.serviceCode, 64)) return rejected('service_code_invalid');
  if (!isText(body.catalogVersion, 64)) return rejected('catalog_version_invalid');
  if (!isInt(body.tariffVersion)) return rejected('tariff_version_invalid');
  if (!isInt(body.createdAt)) return rejected('created_at_invalid');
  if (typeof body.businessDate !== 'string' || !ISO_DATE.test(body.businessDate))
    return rejected('business_date_invalid');
  if (!isText(body.operator, 200)) return rejected('operator_invalid');

  const payerProblem = checkPayerBody(body.citizen);
  if (payerProblem) return rejected(payerProblem);
  if (!isObject(body.fields)) return rejected('fields_invalid');

  const { municipalTotal, officeTotal, total, lines } = body;
  if (!isRials(municipalTotal) || !isRials(officeTotal) || !isRials(total)) return rejected('totals_invalid');
  if (municipalTotal + officeTotal !== total) return rejected('totals_mismatch');
  if (!Array.isArray(lines) || lines.length > 100) return rejected('fee_lines_invalid');

  const catalog = context.catalog(body.catalogVersion);
  if (!catalog) return rejected('catalog_version_unknown');
  const service = catalog.services.find((s) => s.code === body.serviceCode);
  if (!service) return rejected('service_unknown');
  const tariff = catalog.tariffs.find(
    (t) => t.serviceCode === service.code && t.version === body.tariffVersion,
  );
  if (!tariff) return rejected('tariff_version_unknown');
  if (tariffFor(catalog, service.code, body.businessDate)?.version !== tariff.version)
    return rejected('tariff_not_in_force');
  const values = checkStoredFields(service, body.fields);
  if (!values) return rejected('fields_invalid');
  const fee = evaluateFee(tariff, values, { today: body.businessDate });
  if (!fee.ok) return rejected(`fee_not_computable`);
  const expected = fee.value;
  if (
    expected.total !== total ||
    expected.municipalTotal !== municipalTotal ||
    expected.officeTotal !== officeTotal ||
    expected.lines.length !== lines.length ||
    expected.lines.some((line, i) => {
      const sent: unknown = lines[i];
      return (
        !isObject(sent) || sent.key !== line.key || sent.kind !== line.kind || sent.amount !== line.amount
      );
    })
  )
    return rejected('fee_mismatch');

  const paymentProblem = checkPayments(body.payments, total);
  if (paymentProblem) return rejected(paymentProblem);
  return { ok: true, index: { trackingCode: body.trackingCode as string, transactionId: item.id } };
}

/** A void or cancellation request: `{transactionId, trackingCode, kind, reason, approvedBy, at}`. */
function recheckVoidOrCancellation(item: RecheckedItem, body: Body, context: RecheckContext): RecheckResult {
  if (body.kind !== item.kind) return rejected('kind_mismatch');
  if (typeof body.transactionId !== 'string' || !UUID.test(body.transactionId))
    return rejected('transaction_id_invalid');
  const codeProblem = checkTrackingCode(body.trackingCode, context);
  // Another terminal's transaction is, to this terminal, as good as unknown.
  if (codeProblem)
    return rejected(codeProblem === 'tracking_code_invalid' ? codeProblem : 'unknown_transaction');
  if (!isText(body.reason)) return rejected('reason_missing');
  if (!isText(body.approvedBy, 200)) return rejected('approved_by_missing');
  if (!isInt(body.at)) return rejected('at_invalid');
  return {
    ok: true,
    index: { trackingCode: body.trackingCode as string, transactionId: body.transactionId.toLowerCase() },
  };
}

/**
 * Re-validates one pushed item before it is stored. A failed check is a `rejected` item with a
 * stable reason; the rest of the batch goes on.
 */
export function recheck(item: RecheckedItem, context: RecheckContext): RecheckResult {
  switch (item.kind) {
    case 'transaction':
      return recheckTransaction(item, item.body, context);
    case 'void':
    case 'cancellation_request':
      return recheckVoidOrCancellation(item, item.body, context);
  }
}
