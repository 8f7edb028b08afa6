import sampleCatalog from '../../../../resources/catalog/sample-catalog.json';
import { insertUser } from '../../../../electron/core/accounts/mutations';
import { hashPassword } from '../../../../electron/core/accounts/passwords';
import { catalogSchema } from '../../../../shared/catalog/schema';
import { tariffFor } from '../../../../shared/catalog/tariff';
import { checkFieldValues } from '../../../../shared/counter/field-values';
import { evaluateFee } from '../../../../shared/fees';
import type { CallInput } from '../../../../shared/ipc/contract';
import type { DayDetail } from '../../../../shared/ipc/calls/manager';
import { tehranWallTime } from '../../../../shared/jalali';
import type { Reconciliation } from '../../../../shared/reconciliation';
import { MANAGER, type TestCore } from '../../../support/core';
import { newTransaction, SAMPLE_FIELDS } from '../../../support/transactions';

const catalog = catalogSchema.parse(sampleCatalog);

export const OPERATOR = {
  username: 'operator1',
  fullName: 'رضا کریمی',
  password: 'operator pass 1404',
} as const;

/** The fee the shared rules compute for a sample service on the core's date. */
export function feeOf(t: TestCore, serviceCode: string): number {
  const today = tehranWallTime(t.core.now()).isoDate;
  const service = catalog.services.find((s) => s.code === serviceCode);
  const tariff = tariffFor(catalog, serviceCode, today);
  const values = service && checkFieldValues(service, SAMPLE_FIELDS[serviceCode] ?? {});
  if (!tariff || !values?.ok) throw new Error(serviceCode);
  const fee = evaluateFee(tariff, values.values, { today });
  if (!fee.ok) throw new Error(fee.error.code);
  return fee.value.total;
}

export async function addOperator(t: TestCore, sessionKey = 'operator-window'): Promise<void> {
  insertUser(
    t.core.db,
    {
      username: OPERATOR.username,
      fullName: OPERATOR.fullName,
      role: 'operator',
      passwordHash: await hashPassword(OPERATOR.password),
    },
    t.core.now(),
  );
  const login = await t.call(
    'session.login',
    { username: OPERATOR.username, password: OPERATOR.password },
    sessionKey,
  );
  if (!login.ok) throw new Error(login.error.code);
}

type Payments = CallInput<'transactions.create'>['payments'];

/** Saves a sale paid as asked: cash with `change` handed back, card, or split half and half. */
export async function sell(
  t: TestCore,
  serviceCode: string,
  how: 'cash' | 'card' | 'split',
  options: { change?: number; sessionKey?: string } = {},
): Promise<{ id: string; total: number; cash: number; card: number }> {
  const total = feeOf(t, serviceCode);
  const change = options.change ?? 0;
  const cash = how === 'cash' ? total : how === 'split' ? Math.floor(total / 2) : 0;
  const card = total - cash;
  const payments: Payments = [];
  if (cash > 0) payments.push({ method: 'cash', amount: cash, tendered: cash + change });
  if (card > 0) payments.push({ method: 'card', amount: card, reference: '123456789012' });
  const r = await t.call('transactions.create', newTransaction(serviceCode, payments), options.sessionKey);
  if (!r.ok) throw new Error(`${serviceCode}: ${r.error.code} ${JSON.stringify(r.error.details)}`);
  return { id: r.value.id, total, cash, card };
}

/** The day of `businessDate` as its screen shows it, opened with no float if it is not open yet. */
export async function dayDetail(t: TestCore, businessDate: string): Promise<DayDetail> {
  const overview = await t.call('day.overview', {});
  if (!overview.ok) throw new Error(overview.error.code);
  let day = overview.value.days.find((d) => d.businessDate === businessDate);
  if (!day) {
    const opened = await t.call('day.open', { businessDate, openingFloat: '0' });
    if (!opened.ok) throw new Error(opened.error.code);
    day = opened.value;
  }
  const detail = await t.call('day.detail', { dayId: day.id });
  if (!detail.ok) throw new Error(detail.error.code);
  return detail.value;
}

/**
 * Opens `businessDate` with no float if it is not open yet, and closes it signed by the manager:
 * the drawer and the POS slip counted as given, or as the day expects (never below zero). Every
 * difference carries a note. Returns the books the close signed.
 */
export async function closeDayCounted(
  t: TestCore,
  businessDate: string,
  counted?: { cash: number; card: number },
): Promise<Reconciliation> {
  const { day, reconciliation, fingerprint } = await dayDetail(t, businessDate);
  const closed = await t.call('day.close', {
    dayId: day.id,
    fingerprint,
    countedCash: String(counted?.cash ?? Math.max(0, reconciliation.expectedCash)),
    cardSlipTotal: String(counted?.card ?? Math.max(0, reconciliation.expectedCard)),
    cashNote: 'شمارش آزمون',
    cardNote: 'شمارش آزمون',
    password: MANAGER.password,
  });
  if (!closed.ok) throw new Error(`${closed.error.code} ${JSON.stringify(closed.error.details)}`);
  // As the manager's screen does: the backup that follows the close has ended when this returns.
  await t.call('backups.afterClose', { dayId: day.id });
  return reconciliation;
}
