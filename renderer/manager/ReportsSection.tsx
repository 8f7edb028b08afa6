import { memo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { tehranWallTime, gregorianToJalali, type JalaliDate } from '../../shared/jalali';
import { readJalaliDate } from '../../shared/jalali-text';
import { reportCsvRows, toCsv, type RangeReport } from '../../shared/reports';
import type { AppErrorShape } from '../../shared/result';
import { call } from '../api/client';
import { localizeDigits } from '../lib/digits';
import { errorText } from '../lib/errors';
import { useSession } from '../stores/session';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { JalaliDatePicker } from '../counter/JalaliDatePicker';
import { AuditPanel } from './AuditPanel';
import { BarChart } from './BarChart';
import { downloadBlob } from './download';
import { count, jalaliDate, rials } from './format';
import { Money, moneyText } from './Money';
import { Stat } from './Stat';
import { reportWorkbook } from './xlsx';
import './print.css';

const pad = (n: number) => String(n).padStart(2, '0');
const typed = (j: JalaliDate) => `${j.year}/${pad(j.month)}/${pad(j.day)}`;

/** Totals for any Jalali date range, with charts and CSV / Excel export. Managers only. */
export function ReportsSection() {
  const { t } = useTranslation();
  const role = useSession((s) => s.session?.user.role);
  if (role !== 'manager') return <Alert tone="info">{t('reports.managerOnly')}</Alert>;
  return <ManagerReports />;
}

function ManagerReports() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fa';
  const today = gregorianToJalali(tehranWallTime(Date.now()).isoDate);
  const [from, setFrom] = useState(localizeDigits(typed({ ...today, day: 1 }), lang));
  const [to, setTo] = useState(localizeDigits(typed(today), lang));
  const [invalid, setInvalid] = useState<{ from: boolean; to: boolean }>({ from: false, to: false });
  const [report, setReport] = useState<RangeReport | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);

  async function run(event: FormEvent) {
    event.preventDefault();
    const f = readJalaliDate(from);
    const tt = readJalaliDate(to);
    setInvalid({ from: !f, to: !tt });
    if (!f || !tt) return;
    const r = await call('reports.range', { from: f, to: tt });
    if (r.ok) {
      setReport(r.value);
      setError(null);
    } else setError(r.error);
  }

  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">{t('reports.title')}</h1>
      <form
        onSubmit={run}
        noValidate
        className="flex flex-wrap items-end gap-3 print:hidden"
        aria-label={t('reports.range')}
      >
        <div className="flex items-end gap-2">
          <Field
            label={t('reports.from')}
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            dir="ltr"
            error={invalid.from ? t('reports.dateInvalid') : null}
          />
          <JalaliDatePicker
            value={from}
            onChange={(v) => setFrom(localizeDigits(v, lang))}
            label={t('reports.from')}
          />
        </div>
        <div className="flex items-end gap-2">
          <Field
            label={t('reports.to')}
            value={to}
            onChange={(e) => setTo(e.target.value)}
            dir="ltr"
            error={invalid.to ? t('reports.dateInvalid') : null}
          />
          <JalaliDatePicker
            value={to}
            onChange={(v) => setTo(localizeDigits(v, lang))}
            label={t('reports.to')}
          />
        </div>
        <Button type="submit">{t('reports.show')}</Button>
      </form>
      {error ? <Alert>{errorText(t, lang, error)}</Alert> : null}
      {report ? <ReportView report={report} lang={lang} /> : null}
      <div className="print:hidden">
        <AuditPanel />
      </div>
    </section>
  );
}

/**
 * One report, drawn again only when another report replaces it or the language changes: typing
 * a date into the range above must not redraw a year's 365 bars and table rows at each key.
 */
const ReportView = memo(function ReportView({
  report,
  lang,
}: {
  readonly report: RangeReport;
  readonly lang: 'fa' | 'en';
}) {
  const { t } = useTranslation();
  const fileName = (ext: string) =>
    `pishkhan-report-${jalaliDate(report.from, 'en').replace(/\//g, '-')}_${jalaliDate(report.to, 'en').replace(/\//g, '-')}.${ext}`;

  function exportCsv() {
    downloadBlob(
      new Blob([toCsv(reportCsvRows(report, lang))], { type: 'text/csv;charset=utf-8' }),
      fileName('csv'),
    );
  }

  async function exportXlsx() {
    downloadBlob(await reportWorkbook(report, lang), fileName('xlsx'));
  }

  const money = (n: number) => rials(n, lang);
  return (
    <article className="print-area flex flex-col gap-4" data-testid="report">
      <h2 className="font-semibold">
        {t('reports.heading', { from: jalaliDate(report.from, lang), to: jalaliDate(report.to, lang) })}
      </h2>
      <div className="flex flex-wrap gap-2 print:hidden">
        <Button variant="secondary" onClick={exportCsv}>
          {t('reports.csv')}
        </Button>
        <Button variant="secondary" onClick={() => void exportXlsx()}>
          {t('reports.xlsx')}
        </Button>
        <Button variant="secondary" onClick={() => window.print()}>
          {t('reports.print')}
        </Button>
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3">
        <Stat label={t('reports.total', { n: count(report.totals.count, lang) })}>
          <Money amount={report.totals.total} testId="report-total" />
        </Stat>
        <Stat label={t('reports.municipal')}>
          <Money amount={report.totals.municipal} />
        </Stat>
        <Stat label={t('reports.office')}>
          <Money amount={report.totals.office} />
        </Stat>
        <Stat label={t('reports.voided', { n: count(report.totals.voidedCount, lang) })}>
          <Money amount={report.totals.voidedTotal} />
        </Stat>
        <Stat label={t('reports.refunds', { n: count(report.totals.refundCount, lang) })}>
          <Money amount={report.totals.refundTotal} testId="report-refunds" />
        </Stat>
        <Stat label={t('reports.net')}>
          <Money amount={report.totals.total - report.totals.refundTotal} testId="report-net" />
        </Stat>
        <Stat label={t('reports.netMunicipal')}>
          <Money
            amount={report.totals.municipal - report.totals.refundMunicipal}
            testId="report-net-municipal"
          />
        </Stat>
        <Stat label={t('reports.netOffice')}>
          <Money amount={report.totals.office - report.totals.refundOffice} testId="report-net-office" />
        </Stat>
      </div>
      {report.totals.refundCount > 0 ? (
        <p className="text-sm text-slate-600">{t('reports.refundsHint')}</p>
      ) : null}
      <BarChart
        title={t('reports.dailyChart')}
        testId="daily-chart"
        rtl={lang === 'fa'}
        format={money}
        bars={report.byDay.map((d) => ({
          key: d.date,
          label: jalaliDate(d.date, lang).slice(5),
          value: d.total,
        }))}
      />
      <BarChart
        title={t('reports.serviceChart')}
        testId="service-chart"
        rtl={lang === 'fa'}
        format={money}
        bars={report.byService.map((s) => ({
          key: s.serviceCode,
          label: s.serviceName[lang],
          value: s.total,
        }))}
      />
      <ReportTable
        caption={t('reports.byDay')}
        first={t('reports.date')}
        rows={report.byDay.map((d) => ({ key: d.date, name: jalaliDate(d.date, lang), ...d }))}
      />
      <ReportTable
        caption={t('reports.byService')}
        first={t('reports.service')}
        rows={report.byService.map((s) => ({ key: s.serviceCode, name: s.serviceName[lang], ...s }))}
      />
      <ReportTable
        caption={t('reports.byOperator')}
        first={t('reports.operator')}
        rows={report.byOperator.map((o) => ({ key: String(o.operatorId), name: o.operatorName, ...o }))}
      />
      <table className="w-full max-w-xl text-sm [&_td]:px-2 [&_th]:px-2" data-testid="by-method">
        <caption className="text-start font-semibold">{t('reports.byMethod')}</caption>
        <thead>
          <tr className="text-slate-500">
            <th className="text-start">{t('reports.method')}</th>
            <th className="text-start">{t('reports.payments')}</th>
            <th className="text-start">{t('reports.amount')}</th>
            <th className="text-start">{t('reports.changeGiven')}</th>
            <th className="text-start">{t('reports.refunded')}</th>
          </tr>
        </thead>
        <tbody>
          {report.byMethod.map((m) => (
            <tr key={m.method} className="border-t border-slate-100">
              <td>{t(`reports.methods.${m.method}`)}</td>
              <td>{count(m.payments, lang)}</td>
              <td>
                <Money amount={m.amount} />
              </td>
              <td>
                <Money amount={m.changeGiven} />
              </td>
              <td>
                <Money amount={m.refunded} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
});

interface Row {
  readonly key: string;
  readonly name: string;
  readonly count: number;
  readonly municipal: number;
  readonly office: number;
  readonly total: number;
  readonly voidedCount: number;
  readonly refundTotal: number;
}

function ReportTable({
  caption,
  first,
  rows,
}: {
  readonly caption: string;
  readonly first: string;
  readonly rows: readonly Row[];
}) {
  const { t, i18n } = useTranslation();
  // Off screen (a year's table is 365 rows), the browser lays it out and paints it only once it is
  // scrolled to; until then it holds about its height, so the scrollbar stays true. Printed, it is
  // drawn whole (print.css). Typing a new range above a year's report: 82-89 → 33-35 ms a key at
  // ×4 (ui-report-typing).
  return (
    <div
      className="report-table [content-visibility:auto]"
      style={{ containIntrinsicSize: `auto ${48 + rows.length * 21}px` }}
      data-testid="report-table"
    >
      <table className="w-full text-sm [&_td]:px-2 [&_th]:px-2">
        <caption className="text-start font-semibold">{caption}</caption>
        <thead>
          <tr className="text-slate-500">
            <th className="text-start">{first}</th>
            <th className="text-start">{t('reports.count')}</th>
            <th className="text-start">{t('reports.municipal')}</th>
            <th className="text-start">{t('reports.office')}</th>
            <th className="text-start">{t('reports.sum')}</th>
            <th className="text-start">{t('reports.voidedCount')}</th>
            <th className="text-start">{t('reports.refundTotal')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className="border-t border-slate-100">
              <td>{r.name}</td>
              <td>{count(r.count, i18n.language)}</td>
              <td>{moneyText(r.municipal, i18n.language)}</td>
              <td>{moneyText(r.office, i18n.language)}</td>
              <td>{moneyText(r.total, i18n.language)}</td>
              <td>{count(r.voidedCount, i18n.language)}</td>
              <td>{moneyText(r.refundTotal, i18n.language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
