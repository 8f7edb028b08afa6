import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import { isLegalPerson, payerId, payerName } from '../../shared/citizen';
import type { TransactionDetail } from '../../shared/ipc/counter';
import type { ReceiptLayout } from '../../shared/ipc/schemas';
import { formatJalali, gregorianToJalali, tehranWallTime } from '../../shared/jalali';
import { formatRials, rialsToPersianWords } from '../../shared/money';
import { formatTrackingCode } from '../../shared/tracking-code';
import { displayFieldValue } from '../../shared/counter/field-values';
import { localizeDigits } from '../lib/digits';
import './receipt.css';

export type { ReceiptLayout };

interface ReceiptProps {
  readonly tx: TransactionDetail;
  readonly layout: ReceiptLayout;
  /** 1 for the original; any later print says it is a duplicate. */
  readonly copyNumber: number;
}

/**
 * The QR code's dark modules as one SVG path: a run of dark modules in a row is one rectangle.
 * The symbol is the library's (encoding, error correction, masking); only its drawing is here, so
 * the code is drawn with the rest of the receipt, in the same frame, with no image to load.
 */
function qrPath(text: string): { readonly size: number; readonly d: string } {
  const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  let d = '';
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!data[row * size + col]) continue;
      let end = col + 1;
      while (end < size && data[row * size + end]) end++;
      d += `M${col} ${row}h${end - col}v1h${col - end}z`;
      col = end;
    }
  }
  return { size, d };
}

function QrCode({ text, label }: { readonly text: string; readonly label: string }) {
  const { size, d } = useMemo(() => qrPath(text), [text]);
  return (
    <svg
      className="qr"
      viewBox={`0 0 ${size} ${size}`}
      shapeRendering="crispEdges"
      role="img"
      aria-label={label}
      data-testid="receipt-qr"
    >
      <path d={d} fill="black" />
    </svg>
  );
}

/**
 * When the sale was made, by the municipality's clock (`municipalTime`: the PC's clock corrected by
 * the offset the sync measured), not by the PC's alone: on a PC three days behind, the receipt was
 * dated three days before the day it was priced for. And the business day it was booked on (the day
 * sheet's and the settlement's), said apart only when it is another day: a sale made after the
 * day's drawer was closed is booked on the next day, and a receipt dated that day with this
 * evening's time would name a moment that has not come.
 */
function receiptMoment(tx: TransactionDetail): { readonly at: string; readonly bookedOn: string | null } {
  const at = tehranWallTime(tx.municipalTime);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    at: `${formatJalali(gregorianToJalali(at.isoDate))} ${pad(at.hour)}:${pad(at.minute)}`,
    bookedOn: at.isoDate === tx.businessDate ? null : formatJalali(gregorianToJalali(tx.businessDate)),
  };
}

/**
 * The receipt, in Persian whatever the UI language: the citizen takes it home. Every value is
 * rendered as text by React, so markup typed into a name or a field is shown, never interpreted.
 */
export function Receipt({ tx, layout, copyNumber }: ReceiptProps) {
  const { t } = useTranslation();
  const fa = (v: string | number) => localizeDigits(v, 'fa');
  const legal = isLegalPerson(tx.citizen);
  const rials = (n: number) => formatRials(n, { digits: 'fa' });
  const office = tx.office;
  const moment = receiptMoment(tx);

  return (
    <article
      className={`receipt layout-${layout}`}
      dir="rtl"
      lang="fa"
      data-testid="receipt"
      aria-label={t('receipt.title')}
    >
      {copyNumber > 1 ? (
        <p className="duplicate" data-testid="receipt-duplicate">
          {t('receipt.duplicate', { lng: 'fa', n: fa(copyNumber) })}
        </p>
      ) : null}
      <header style={{ textAlign: 'center' }}>
        <strong>{office.name}</strong>
        <div>
          {t('receipt.officeLine', {
            lng: 'fa',
            code: fa(office.code),
            city: office.city,
            district: fa(office.district),
            terminal: fa(office.terminalNumber),
          })}
        </div>
      </header>
      <div className="rule" />
      <table className="details">
        <tbody>
          <tr>
            <td>{t('receipt.date', { lng: 'fa' })}</td>
            <td className="amount money">{fa(moment.at)}</td>
          </tr>
          {moment.bookedOn === null ? null : (
            <tr>
              <td>{t('receipt.bookedOn', { lng: 'fa' })}</td>
              <td className="amount money" data-testid="receipt-booked-on">
                {fa(moment.bookedOn)}
              </td>
            </tr>
          )}
          <tr>
            <td>{t('receipt.operator', { lng: 'fa' })}</td>
            <td className="amount">{tx.operator.fullName}</td>
          </tr>
          <tr>
            <td>{t('receipt.service', { lng: 'fa' })}</td>
            <td className="amount">{tx.service.name.fa}</td>
          </tr>
          <tr>
            <td>{t(legal ? 'receipt.legalPerson' : 'receipt.citizen', { lng: 'fa' })}</td>
            <td className="amount" data-testid="receipt-payer-name">
              {payerName(tx.citizen)}
            </td>
          </tr>
          <tr>
            <td>{t(legal ? 'receipt.legalEntityId' : 'receipt.nationalId', { lng: 'fa' })}</td>
            <td className="amount" data-testid="receipt-payer-id">
              {fa(payerId(tx.citizen))}
            </td>
          </tr>
          {tx.fields.map((f) => (
            <tr key={f.key}>
              <td>{f.label.fa}</td>
              <td className="amount">
                {f.optionLabel
                  ? f.optionLabel.fa
                  : fa(displayFieldValue(f.type, f.value)).replace('m²', 'متر مربع')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="rule" />
      <table data-testid="receipt-lines">
        <tbody>
          {tx.lines.map((line) => (
            <tr key={line.key}>
              <td>
                {line.label.fa}
                <small> ({t(`receipt.kind.${line.kind}`, { lng: 'fa' })})</small>
              </td>
              <td className="amount money" dir="ltr">
                {rials(line.amount)}
              </td>
            </tr>
          ))}
          <tr>
            <td>
              <strong>{t('receipt.total', { lng: 'fa' })}</strong>
            </td>
            <td className="amount money">
              <strong data-testid="receipt-total">{rials(tx.total)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
      <p data-testid="receipt-total-words">
        {t('receipt.inWords', { lng: 'fa', words: rialsToPersianWords(tx.total) })}
      </p>
      <div className="rule" />
      <table>
        <tbody>
          {tx.payments.map((p, i) => (
            <tr key={i}>
              <td>
                {t(`receipt.method.${p.method}`, { lng: 'fa' })}
                {p.reference ? `، ${t('receipt.reference', { lng: 'fa' })} ${fa(p.reference)}` : ''}
              </td>
              <td className="amount money">{rials(p.amount)}</td>
            </tr>
          ))}
          {tx.payments.some((p) => p.tendered !== null) ? (
            <>
              <tr>
                <td>{t('receipt.tendered', { lng: 'fa' })}</td>
                <td className="amount money">
                  {rials(tx.payments.reduce((s, p) => s + (p.tendered ?? 0), 0))}
                </td>
              </tr>
              <tr>
                <td>{t('receipt.change', { lng: 'fa' })}</td>
                <td className="amount money">{rials(tx.change)}</td>
              </tr>
            </>
          ) : null}
        </tbody>
      </table>
      <div className="rule" />
      <p style={{ textAlign: 'center' }}>{t('receipt.trackingCode', { lng: 'fa' })}</p>
      <p className="tracking" data-testid="receipt-tracking-code">
        {fa(formatTrackingCode(tx.trackingCode))}
      </p>
      <QrCode text={tx.trackingCode} label={t('receipt.qrAlt', { lng: 'fa' })} />
      {tx.voiding ? (
        <p className="duplicate">{t(`receipt.voided.${tx.voiding.kind}`, { lng: 'fa' })}</p>
      ) : null}
      {tx.sampleTariff ? <p style={{ textAlign: 'center' }}>{t('receipt.sample', { lng: 'fa' })}</p> : null}
      <p style={{ textAlign: 'center' }}>{t('receipt.footer', { lng: 'fa' })}</p>
    </article>
  );
}
