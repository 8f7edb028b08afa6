import type { PushItem } from '../../shared/sync/protocol';

/** What the server indexes an accepted item by. */
export interface ItemIndex {
  readonly trackingCode: string;
  /** The transaction the item is (a transaction) or is about (a void or cancellation request). */
  readonly transactionId: string;
}

export type RecheckResult =
  { readonly ok: true; readonly index: ItemIndex } | { readonly ok: false; readonly reason: string };

export interface RecheckContext {
  /** The pushing terminal's office. */
  readonly officeCode: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRACKING_CODE = /^[0-9A-Za-z-]{4,32}$/;

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

function rejected(reason: string): RecheckResult {
  return { ok: false, reason };
}

function recheckTransaction(item: PushItem, body: Body, context: RecheckContext): RecheckResult {
  if (body.id !== item.id) return rejected('body_id_mismatch');
  if (body.office !== context.officeCode) return rejected('office_mismatch');
  if (!isText(body.trackingCode, 32) || !TRACKING_CODE.test(body.trackingCode))
    return rejected('tracking_code_invalid');
  if (!isText(body.serviceCode, 64)) return rejected('service_code_invalid');
  if (!isText(body.catalogVersion, 128)) return rejected('catalog_version_invalid');
  if (!isText(body.tariffVersion, 128) && !isInt(body.tariffVersion))
    return rejected('tariff_version_invalid');
  if (!isInt(body.createdAt)) return rejected('created_at_invalid');
  const citizen = body.citizen;
  if (typeof citizen !== 'object' || citizen === null || !isText((citizen as Body).nationalId, 32))
    return rejected('citizen_invalid');
  if (typeof body.fields !== 'object' || body.fields === null || Array.isArray(body.fields))
    return rejected('fields_invalid');

  const { municipalTotal, officeTotal, total, lines, payments } = body;
  if (!isRials(municipalTotal) || !isRials(officeTotal) || !isRials(total)) return rejected('totals_invalid');
  if (municipalTotal + officeTotal !== total) return rejected('totals_mismatch');
  if (!Array.isArray(lines) || lines.length > 100) return rejected('fee_lines_invalid');
  let municipalLines = 0;
  let officeLines = 0;
  for (const line of lines as unknown[]) {
    if (typeof line !== 'object' || line === null) return rejected('fee_lines_invalid');
    const { kind, amount } = line as Body;
    if (!isRials(amount)) return rejected('fee_lines_invalid');
    if (kind === 'municipal') municipalLines += amount;
    else if (kind === 'office') officeLines += amount;
    else return rejected('fee_lines_invalid');
  }
  if (municipalLines !== municipalTotal || officeLines !== officeTotal) return rejected('fee_lines_mismatch');
  if (!Array.isArray(payments) || payments.length > 10) return rejected('payments_invalid');
  let paid = 0;
  for (const payment of payments as unknown[]) {
    if (typeof payment !== 'object' || payment === null) return rejected('payments_invalid');
    const { method, amount } = payment as Body;
    if ((method !== 'cash' && method !== 'card') || !isRials(amount)) return rejected('payments_invalid');
    paid += amount;
  }
  if (paid !== total) return rejected('payments_mismatch');
  return { ok: true, index: { trackingCode: body.trackingCode, transactionId: item.id } };
}

function recheckVoidOrCancellation(item: PushItem, body: Body): RecheckResult {
  if (body.kind !== item.kind) return rejected('kind_mismatch');
  if (typeof body.transactionId !== 'string' || !UUID.test(body.transactionId))
    return rejected('transaction_id_invalid');
  if (!isText(body.trackingCode, 32) || !TRACKING_CODE.test(body.trackingCode))
    return rejected('tracking_code_invalid');
  if (!isText(body.reason)) return rejected('reason_missing');
  if (!isInt(body.at)) return rejected('at_invalid');
  return {
    ok: true,
    index: { trackingCode: body.trackingCode, transactionId: body.transactionId.toLowerCase() },
  };
}

/**
 * Re-validates one pushed item before it is stored. Today this checks the body's shape and its
 * internal arithmetic (lines add up to the totals, payments to the total, the office is the
 * terminal's). This is the hook where the server will recompute each transaction's fee with the
 * shared rule code and the recorded tariff version (issue #4, item 4): a fee that differs becomes a
 * `rejected` item with its own reason, like the checks below.
 */
export function recheck(item: PushItem, context: RecheckContext): RecheckResult {
  switch (item.kind) {
    case 'transaction':
      return recheckTransaction(item, item.body, context);
    case 'void':
    case 'cancellation_request':
      return recheckVoidOrCancellation(item, item.body);
  }
}
