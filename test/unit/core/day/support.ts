import sampleCatalog from '../../../../resources/catalog/sample-catalog.json';
import { insertUser } from '../../../../electron/core/accounts/mutations';
import { hashPassword } from '../../../../electron/core/accounts/passwords';
import { catalogSchema } from '../../../../shared/catalog/schema';
import { tariffFor } from '../../../../shared/catalog/tariff';
import { checkFieldValues } from '../../../../shared/counter/field-values';
import { evaluateFee } from '../../../../shared/fees';
import type { CallInput } from '../../../../shared/ipc/contract';
import { tehranWallTime } from '../../../../shared/jalali';
import type { TestCore } from '../../../support/core';
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
