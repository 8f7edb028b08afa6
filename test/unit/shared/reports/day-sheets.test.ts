import { describe, expect, it } from 'vitest';
import type { DayDetail } from '../../../../shared/ipc/calls/manager';
import { reconcile, type DayTransaction } from '../../../../shared/reconciliation';
import { daySheets, type ReportLanguage } from '../../../../shared/reports';

function sale(id: string, cash: number, card: number, cancellationRequested = false): DayTransaction {
  const total = cash + card;
  return {
    id,
    serviceCode: 'waste-fee',
    serviceName: { fa: 'عوارض پسماند', en: 'Waste fee' },
    operatorId: 1,
    operatorName: 'زهرا احمدی',
    municipalTotal: total - 50_000,
    officeTotal: 50_000,
    total,
    payments: [
      ...(cash > 0 ? [{ method: 'cash' as const, amount: cash, change: 0 }] : []),
      ...(card > 0 ? [{ method: 'card' as const, amount: card, change: 0 }] : []),
    ],
    voided: false,
    cancellationRequested,
  };
}

/** A day with cash and card sales, one cancellation asked for, and earlier days' sales refunded by cash and by card. */
function dayDetail(): DayDetail {
  const reconciliation = reconcile({
    openingFloat: 2_000_000,
    transactions: [sale('a', 700_000, 0), sale('b', 0, 900_000), sale('c', 300_000, 400_000, true)],
    movements: [
      { direction: 'in', amount: 500_000, reason: 'float_top_up' },
      { direction: 'out', amount: 200_000, reason: 'bank_deposit' },
    ],
    lateVoids: [
      { transactionId: 'x', cash: 150_000, card: 0, total: 150_000 },
      { transactionId: 'y', cash: 0, card: 250_000, total: 250_000 },
    ],
  });
  return {
    day: {
      id: 'd',
      terminalNumber: 1,
      businessDate: '2025-11-28',
      state: 'open',
      openingFloat: 2_000_000,
      openedAt: 0,
      openedBy: 'manager',
      closedAt: null,
      closedBy: null,
    },
    reconciliation,
    movements: [],
    voids: [],
    unacknowledged: 0,
    transactions: 3,
    fingerprint: 'f',
    closing: null,
  };
}

function summary(lang: ReportLanguage): Map<string, unknown> {
  const sheet = daySheets(dayDetail(), lang)[0];
  return new Map(sheet?.rows.map((r) => [String(r[0]), r[1]]));
}

describe("the day's exported sheets", () => {
  it('add up to the expected cash and the expected card total, line by line, as the printed rule says', () => {
    const r = dayDetail().reconciliation;
    for (const [lang, labels] of [
      [
        'en',
        ['Opening float', 'Cash received', 'Cash put in', 'Cash taken out', 'Cash refunds of earlier days'],
      ],
      [
        'fa',
        ['موجودی اول روز', 'نقد دریافتی', 'واریز به صندوق', 'برداشت از صندوق', 'برگشت نقدی وجه روزهای قبل'],
      ],
    ] as const) {
      const rows = summary(lang);
      const [float, cash, putIn, takenOut, cashRefunds] = labels.map((l) => rows.get(l) as number);
      expect(float! + cash! + putIn! - takenOut! - cashRefunds!, lang).toBe(r.expectedCash);
      const card = lang === 'en' ? 'Card' : 'کارت';
      const cardRefunds = lang === 'en' ? 'Card refunds of earlier days' : 'برگشت کارتی وجه روزهای قبل';
      expect((rows.get(card) as number) - (rows.get(cardRefunds) as number), lang).toBe(r.expectedCard);
    }
    // The earlier day's card sale is refunded from the drawer: its settled POS payment cannot be reversed.
    expect(summary('en').get('Cash refunds of earlier days')).toBe(400_000);
    expect(summary('en').get('Card refunds of earlier days')).toBe(0);
  });

  it('carry the cancellations asked of the municipality, as the screen shows them', () => {
    expect(summary('en').get('Cancellations asked of the municipality')).toBe(1);
    expect(summary('en').get('Amount of cancellations asked (Rials)')).toBe(700_000);
    expect(summary('fa').get('درخواست لغو به شهرداری')).toBe(1);
    expect(summary('fa').get('مبلغ درخواست‌های لغو (ریال)')).toBe(700_000);
  });
});
