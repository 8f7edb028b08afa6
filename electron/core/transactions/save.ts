import { prepared } from '../db/open';
import { createHash } from 'node:crypto';
import { tariffFor } from '../../../shared/catalog/tariff';
import { checkPayer, isLegalPerson, type PayerInput } from '../../../shared/citizen';
import { checkFieldValues } from '../../../shared/counter/field-values';
import { evaluateFee } from '../../../shared/fees';
import type { StoredField } from '../../../shared/ipc/counter';
import { settlePayments, type PaymentInput } from '../../../shared/payments';
import { AppError } from '../../../shared/result';
import { canonicalJson } from '../../../shared/sync/canonical-json';
import { makeTrackingCode } from '../../../shared/tracking-code';
import { validatePosReference } from '../../../shared/validation';
import type { Session } from '../accounts/sessions';
import { currentCatalog } from '../catalog/catalog';
import { businessDateOn, notePriced, pricingDate } from '../day/business-date';
import type { Core } from '../core';
import { findTransactionRow } from './queries';
import { LAST_ISSUED_SEQUENCE } from './sequence';
import { indexTransactionText } from './text-index';

export interface NewTransaction {
  readonly id: string;
  readonly serviceCode: string;
  /** The payer: a citizen, or a legal person (`kind: 'legal'`). */
  readonly citizen: PayerInput;
  readonly fields: Readonly<Record<string, string | number>>;
  readonly payments: readonly PaymentInput[];
}

export interface SavedTransaction {
  readonly id: string;
  readonly trackingCode: string;
  readonly total: number;
  readonly change: number;
}

function requestHash(request: NewTransaction): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

/**
 * Saves one transaction: everything the page sent is checked again and the fee recomputed from the
 * tariff (the page's numbers are never trusted); then the transaction, its fee lines, payments,
 * first status, outbox entry and audit entry are written in ONE SQLite transaction — all or nothing.
 * Saving the same id again with the same request answers with the saved transaction (a retry).
 */
export function saveTransaction(core: Core, session: Session, request: NewTransaction): SavedTransaction {
  const office = core.office();
  if (!office) throw new AppError('not_set_up');
  const hash = requestHash(request);

  const existing = findTransactionRow(core, request.id);
  if (existing) {
    if (existing.request_hash !== hash) throw new AppError('transaction_conflict');
    return retryAnswer(core, request.id);
  }

  const catalog = currentCatalog(core);
  const service = catalog.content.services.find((s) => s.code === request.serviceCode);
  if (!service) throw new AppError('service_unknown', { serviceCode: request.serviceCode.slice(0, 64) });
  if (!service.active) throw new AppError('service_inactive');

  const now = core.now();
  // Priced for the day it is booked on (businessDateOn), by the municipality's clock: by the PC's
  // alone, a PC an hour ahead at 23:30 priced tonight's sale with tomorrow's tariff, which on the
  // eve of a new year's tariff is next year's dues. The offset is read once, for both: price and
  // date cannot disagree should the clock watch correct it in between.
  const { date: today, offsetMs } = pricingDate(core, now);
  const tariff = tariffFor(catalog.content, service.code, today);
  if (!tariff) throw new AppError('no_tariff_in_force', { serviceCode: service.code, date: today });

  const citizen = checkPayer(request.citizen);
  if (!citizen.ok) throw new AppError('citizen_invalid', citizen.errors);
  const fields = checkFieldValues(service, request.fields);
  if (!fields.ok) throw new AppError('fields_invalid', fields.errors);

  const fee = evaluateFee(tariff, fields.values, { today });
  if (!fee.ok)
    throw new AppError('fee_not_computable', {
      reason: fee.error.code,
      ...(fee.error.field ? { field: fee.error.field } : {}),
    });
  const breakdown = fee.value;

  const settled = settlePayments(breakdown.total, request.payments, validatePosReference);
  if (!settled.ok)
    throw new AppError('payment_invalid', {
      reason: settled.code,
      ...(settled.index !== undefined ? { index: settled.index } : {}),
    });

  const stored: StoredField[] = service.fields
    .filter((f) => fields.values[f.key] !== undefined)
    .map((f) => {
      const value = fields.values[f.key] as string | number;
      const option = f.options?.find((o) => o.value === value);
      return {
        key: f.key,
        label: f.label,
        type: f.type,
        value,
        ...(option ? { optionLabel: option.label } : {}),
      };
    });

  return core.db.transaction((): SavedTransaction => {
    // After a restore the floor holds the highest sequence handed out before it: a tracking code
    // given to a citizen (and perhaps to the municipality) is never issued twice.
    const last = prepared(core.db, LAST_ISSUED_SEQUENCE).get() as { s: number | null };
    const sequence = (last.s ?? 0) + 1;
    const tracking = makeTrackingCode({
      officeCode: office.code,
      terminalNumber: office.terminalNumber,
      sequence,
    });
    if (!tracking.ok) throw new AppError('sequence_exhausted');
    const trackingCode = tracking.value;
    const c = citizen.value;
    // A legal person's شناسه ملی and registered name go where a citizen's ID and last name go
    // (migration 0013), so the search by ID, the list's filters and their indexes find it.
    const payer = isLegalPerson(c)
      ? { kind: 'legal', id: c.legalEntityId, firstName: '', lastName: c.name }
      : { kind: 'natural', id: c.nationalId, firstName: c.firstName, lastName: c.lastName };
    // Today in Tehran, unless today's business day is already closed: then the next day's.
    const businessDate = businessDateOn(core, today);

    prepared(
      core.db,
      `INSERT INTO transactions (id, request_hash, tracking_code, sequence, service_code, service_name_fa, service_name_en,
          catalog_version, tariff_version, sample_tariff, citizen_kind, citizen_national_id, citizen_first_name,
          citizen_last_name, citizen_mobile, fields, municipal_total, office_total, total, status, operator_user_id,
          created_at, business_date, clock_offset_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'saved', ?, ?, ?, ?)`,
    ).run(
      request.id,
      hash,
      trackingCode,
      sequence,
      service.code,
      service.name.fa,
      service.name.en,
      catalog.content.catalogVersion,
      tariff.version,
      catalog.content.sample ? 1 : 0,
      payer.kind,
      payer.id,
      payer.firstName,
      payer.lastName,
      c.mobile,
      JSON.stringify(stored),
      breakdown.municipalTotal,
      breakdown.officeTotal,
      breakdown.total,
      session.userId,
      now,
      businessDate,
      offsetMs,
    );
    const line = prepared(
      core.db,
      'INSERT INTO fee_lines (transaction_id, line_no, line_key, label_fa, label_en, kind, amount) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    breakdown.lines.forEach((l, i) =>
      line.run(request.id, i + 1, l.key, l.label.fa, l.label.en, l.kind, l.amount),
    );
    const payment = prepared(
      core.db,
      'INSERT INTO payments (transaction_id, method, amount, tendered, change_given, reference, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (const p of settled.payments)
      payment.run(request.id, p.method, p.amount, p.tendered, p.change, p.reference, now);
    prepared(
      core.db,
      "INSERT INTO status_history (transaction_id, status, source, actor_user_id, at, clock_offset_ms) VALUES (?, 'saved', 'counter', ?, ?, ?)",
    ).run(request.id, session.userId, now, offsetMs);
    prepared(
      core.db,
      `INSERT INTO citizens (national_id, kind, first_name, last_name, mobile, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (national_id) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name,
           mobile = coalesce(excluded.mobile, citizens.mobile), last_seen_at = excluded.last_seen_at`,
    ).run(payer.id, payer.kind, payer.firstName, payer.lastName, c.mobile, now);
    // The list's filter reads the newest few from the table; once 64 wait, a save indexes them.
    indexTransactionText(core.db, sequence);
    // What the municipality receives: enough to re-validate the payer and the fields and recompute
    // the fee. A citizen is `{nationalId, firstName, lastName, mobile}` as it always was; a legal
    // person `{kind: 'legal', legalEntityId, name, mobile}` (shared/citizen.ts).
    const body = {
      id: request.id,
      trackingCode,
      office: office.code,
      terminal: office.terminalNumber,
      serviceCode: service.code,
      catalogVersion: catalog.content.catalogVersion,
      tariffVersion: tariff.version,
      citizen: c,
      fields: fields.values,
      lines: breakdown.lines,
      municipalTotal: breakdown.municipalTotal,
      officeTotal: breakdown.officeTotal,
      total: breakdown.total,
      payments: settled.payments,
      createdAt: now,
      // The server re-prices with this date: the calendar day the fee was computed on.
      businessDate: today,
      operator: session.username,
    };
    // Stored in canonical order: the server spells every body it is pushed that way, and one already
    // in that order costs it a native JSON.stringify instead of a walk (shared/sync/canonical-json).
    prepared(
      core.db,
      "INSERT INTO outbox (id, kind, entity_id, body, created_at) VALUES (?, 'transaction', ?, ?, ?)",
    ).run(request.id, request.id, canonicalJson(body), now);
    notePriced(core, today);
    core.audit.append({
      action: 'transaction_saved',
      actorUserId: session.userId,
      actorUsername: session.username,
      entity: 'transaction',
      entityId: request.id,
      details: {
        trackingCode,
        serviceCode: service.code,
        total: breakdown.total,
        tariffVersion: tariff.version,
      },
    });
    return { id: request.id, trackingCode, total: breakdown.total, change: settled.change };
  })();
}

function retryAnswer(core: Core, id: string): SavedTransaction {
  const row = findTransactionRow(core, id);
  if (!row) throw new AppError('transaction_not_found');
  const change = prepared(
    core.db,
    'SELECT coalesce(sum(change_given), 0) AS c FROM payments WHERE transaction_id = ?',
  ).get(id) as { c: number };
  return { id, trackingCode: row.tracking_code, total: row.total, change: change.c };
}
