import { formatJalali, gregorianToJalali } from '../jalali';
import type { Cell } from './csv';
import type { GroupTotals, RangeReport } from './types';

export type ReportLanguage = 'fa' | 'en';

/** One table of a report: a title, a header row and rows of cells (amounts as numbers). */
export interface Sheet {
  readonly name: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

const LABELS = {
  fa: {
    byDay: 'روزانه',
    byService: 'خدمات',
    byOperator: 'کاربران',
    byMethod: 'روش پرداخت',
    date: 'تاریخ',
    service: 'خدمت',
    operator: 'کاربر',
    method: 'روش پرداخت',
    count: 'تعداد',
    municipal: 'سهم شهرداری (ریال)',
    office: 'کارمزد دفتر (ریال)',
    total: 'جمع (ریال)',
    voidedCount: 'تعداد باطل‌شده',
    voidedTotal: 'مبلغ باطل‌شده (ریال)',
    refundCount: 'تعداد برگشت وجه روزهای قبل',
    refundTotal: 'برگشت وجه روزهای قبل (ریال)',
    refundMunicipal: 'سهم شهرداری برگشتی (ریال)',
    refundOffice: 'کارمزد دفتر برگشتی (ریال)',
    netMunicipal: 'سهم شهرداری پس از برگشت (ریال)',
    netOffice: 'کارمزد دفتر پس از برگشت (ریال)',
    net: 'خالص دریافتی پس از برگشت (ریال)',
    refunds: 'تعداد برگشت',
    refunded: 'برگشت وجه فروش روزهای قبل به این روش (ریال)',
    payments: 'تعداد پرداخت',
    amount: 'مبلغ (ریال)',
    changeGiven: 'باقی‌ماندهٔ پس‌داده (ریال)',
    cash: 'نقد',
    card: 'کارت',
    sum: 'جمع کل',
  },
  en: {
    byDay: 'By day',
    byService: 'By service',
    byOperator: 'By operator',
    byMethod: 'By payment method',
    date: 'Date',
    service: 'Service',
    operator: 'Operator',
    method: 'Payment method',
    count: 'Count',
    municipal: 'Municipal share (Rials)',
    office: 'Office fees (Rials)',
    total: 'Total (Rials)',
    voidedCount: 'Voided count',
    voidedTotal: 'Voided amount (Rials)',
    refundCount: "Refunds of earlier days' sales",
    refundTotal: "Refunded for earlier days' sales (Rials)",
    refundMunicipal: 'Municipal share refunded (Rials)',
    refundOffice: 'Office fees refunded (Rials)',
    netMunicipal: 'Municipal share net of refunds (Rials)',
    netOffice: 'Office fees net of refunds (Rials)',
    net: 'Net received after refunds (Rials)',
    refunds: 'Refunds',
    refunded: "Earlier days' sales refunded this way (Rials)",
    payments: 'Payments',
    amount: 'Amount (Rials)',
    changeGiven: 'Change handed back (Rials)',
    cash: 'Cash',
    card: 'Card',
    sum: 'Total',
  },
} as const;

const totalsHeader = (l: (typeof LABELS)[ReportLanguage]) => [
  l.count,
  l.municipal,
  l.office,
  l.total,
  l.voidedCount,
  l.voidedTotal,
  l.refundCount,
  l.refundTotal,
  l.refundMunicipal,
  l.refundOffice,
  l.netMunicipal,
  l.netOffice,
  l.net,
];
const totalsCells = (g: GroupTotals): Cell[] => [
  g.count,
  g.municipal,
  g.office,
  g.total,
  g.voidedCount,
  g.voidedTotal,
  g.refundCount,
  g.refundTotal,
  g.refundMunicipal,
  g.refundOffice,
  // What the range kept of each share once the earlier days' sales it refunded are taken off.
  g.municipal - g.refundMunicipal,
  g.office - g.refundOffice,
  g.total - g.refundTotal,
];

/** Jalali date as written in Iran, e.g. 1404/09/07 (Latin digits keep the sheet sortable). */
export function jalaliLabel(isoDate: string): string {
  return formatJalali(gregorianToJalali(isoDate));
}

/** The report as tables, for CSV and XLSX alike. */
export function reportSheets(report: RangeReport, lang: ReportLanguage): Sheet[] {
  const l = LABELS[lang];
  return [
    {
      name: l.byDay,
      header: [l.date, ...totalsHeader(l)],
      rows: [
        ...report.byDay.map((d) => [jalaliLabel(d.date), ...totalsCells(d)]),
        [l.sum, ...totalsCells(report.totals)],
      ],
    },
    {
      name: l.byService,
      header: [l.service, ...totalsHeader(l)],
      rows: report.byService.map((s) => [s.serviceName[lang], ...totalsCells(s)]),
    },
    {
      name: l.byOperator,
      header: [l.operator, ...totalsHeader(l)],
      rows: report.byOperator.map((o) => [o.operatorName, ...totalsCells(o)]),
    },
    {
      name: l.byMethod,
      header: [l.method, l.payments, l.amount, l.changeGiven, l.refunds, l.refunded],
      rows: report.byMethod.map((m) => [
        l[m.method],
        m.payments,
        m.amount,
        m.changeGiven,
        m.refunds,
        m.refunded,
      ]),
    },
  ];
}

/** All tables in one CSV, each under its name, separated by an empty line. */
export function reportCsvRows(report: RangeReport, lang: ReportLanguage): Cell[][] {
  return sheetsCsvRows(reportSheets(report, lang));
}

export function sheetsCsvRows(sheets: readonly Sheet[]): Cell[][] {
  const rows: Cell[][] = [];
  for (const [i, sheet] of sheets.entries()) {
    if (i > 0) rows.push([]);
    rows.push([sheet.name], [...sheet.header], ...sheet.rows.map((r) => [...r]));
  }
  return rows;
}
