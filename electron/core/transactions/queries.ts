import { prepared } from '../db/open';
import type { Payer, PayerKind } from '../../../shared/citizen';
import { assertNever } from '../../../shared/result';
import { outboxDelivery } from '../sync/outbox-delivery';
import type {
  Delivery,
  StoredField,
  TransactionDetail,
  TransactionStatus,
  TransactionSummary,
} from '../../../shared/ipc/counter';
import type { Core } from '../core';
import { clockOffsetMs } from '../day/business-date';

export interface TransactionRow {
  id: string;
  request_hash: string;
  tracking_code: string;
  sequence: number;
  service_code: string;
  service_name_fa: string;
  service_name_en: string;
  catalog_version: string;
  tariff_version: number;
  sample_tariff: number;
  citizen_kind: PayerKind;
  citizen_national_id: string;
  citizen_first_name: string;
  citizen_last_name: string;
  citizen_mobile: string | null;
  fields: string;
  municipal_total: number;
  office_total: number;
  total: number;
  status: TransactionStatus;
  operator_user_id: number;
  created_at: number;
  business_date: string;
  /** The offset in force when it was saved; null for sales saved before migration 0017. */
  clock_offset_ms: number | null;
}

export type SummaryRow = Pick<
  TransactionRow,
  | 'id'
  | 'tracking_code'
  | 'service_code'
  | 'service_name_fa'
  | 'service_name_en'
  | 'citizen_kind'
  | 'citizen_national_id'
  | 'citizen_first_name'
  | 'citizen_last_name'
  | 'citizen_mobile'
  | 'total'
  | 'status'
  | 'created_at'
>;

type PayerRow = Pick<
  TransactionRow,
  'citizen_kind' | 'citizen_national_id' | 'citizen_first_name' | 'citizen_last_name' | 'citizen_mobile'
>;

/**
 * The payer a row holds (migration 0013): a legal person's شناسه ملی is in the national ID column
 * and its registered name in the last name.
 */
export function payerFromRow(row: PayerRow): Payer {
  switch (row.citizen_kind) {
    case 'legal':
      return {
        kind: 'legal',
        legalEntityId: row.citizen_national_id,
        name: row.citizen_last_name,
        mobile: row.citizen_mobile,
      };
    case 'natural':
      return {
        nationalId: row.citizen_national_id,
        firstName: row.citizen_first_name,
        lastName: row.citizen_last_name,
        mobile: row.citizen_mobile,
      };
    default:
      return assertNever(row.citizen_kind);
  }
}

export function summary(row: SummaryRow): TransactionSummary {
  return {
    id: row.id,
    trackingCode: row.tracking_code,
    service: { code: row.service_code, name: { fa: row.service_name_fa, en: row.service_name_en } },
    citizen: payerFromRow(row),
    total: row.total,
    status: row.status,
    createdAt: row.created_at,
  };
}

/**
 * A moment the counter recorded by the PC's clock (`at`), by the municipality's: corrected by the
 * offset in force then (kept since migration 0017), or for what was recorded before, by the one
 * known now.
 */
function municipalMoment(at: number, offsetThen: number | null, offsetNow: number): number {
  return at + (offsetThen ?? offsetNow);
}

/**
 * Summaries as Tracking shows them: dated by the municipality's clock as the receipt is. The offsets
 * kept with them are read apart (a few dozen rows): the search by ID is answered from a covering
 * index of the summary's columns (migration 0013).
 */
function municipalSummaries(core: Core, rows: readonly SummaryRow[]): TransactionSummary[] {
  const offset = clockOffsetMs(core);
  const kept = new Map(
    (
      prepared(
        core.db,
        'SELECT id, clock_offset_ms AS o FROM transactions WHERE id IN (SELECT value FROM json_each(?))',
      ).all(JSON.stringify(rows.map((r) => r.id))) as { id: string; o: number | null }[]
    ).map((r) => [r.id, r.o]),
  );
  return rows.map((row) => ({
    ...summary(row),
    municipalTime: municipalMoment(row.created_at, kept.get(row.id) ?? null, offset),
  }));
}

const SEARCH_LIMIT = 50;

/** What a list of results needs: not the fields' JSON or the request hash. */
export const SUMMARY_COLUMNS = `id, tracking_code, service_code, service_name_fa, service_name_en, citizen_kind,
  citizen_national_id, citizen_first_name, citizen_last_name, citizen_mobile, total, status, created_at`;

/**
 * Transactions by tracking code, the payer's ID (a citizen's کد ملی or a legal person's شناسه ملی,
 * both kept as `nationalId` here) or mobile, all canonical ASCII, newest first.
 */
export function searchTransactions(
  core: Core,
  by: { trackingCode?: string; nationalId?: string; mobile?: string },
): TransactionSummary[] {
  const db = core.db;
  let rows: SummaryRow[];
  if (by.trackingCode) {
    rows = prepared(db, `SELECT ${SUMMARY_COLUMNS} FROM transactions WHERE tracking_code = ?`).all(
      by.trackingCode,
    ) as SummaryRow[];
  } else if (by.nationalId) {
    rows = prepared(
      db,
      `SELECT ${SUMMARY_COLUMNS} FROM transactions WHERE citizen_national_id = ? ORDER BY created_at DESC LIMIT ?`,
    ).all(by.nationalId, SEARCH_LIMIT) as SummaryRow[];
  } else if (by.mobile) {
    rows = prepared(
      db,
      `SELECT ${SUMMARY_COLUMNS} FROM transactions WHERE citizen_mobile = ? ORDER BY created_at DESC LIMIT ?`,
    ).all(by.mobile, SEARCH_LIMIT) as SummaryRow[];
  } else {
    rows = prepared(db, `SELECT ${SUMMARY_COLUMNS} FROM transactions ORDER BY sequence DESC LIMIT ?`).all(
      SEARCH_LIMIT,
    ) as SummaryRow[];
  }
  return municipalSummaries(core, rows);
}

export function findTransactionRow(core: Core, id: string): TransactionRow | null {
  return (
    (prepared(core.db, 'SELECT * FROM transactions WHERE id = ?').get(id) as TransactionRow | undefined) ??
    null
  );
}

export function transactionIdByTrackingCode(core: Core, trackingCode: string): string | null {
  const row = prepared(core.db, 'SELECT id FROM transactions WHERE tracking_code = ?').get(trackingCode) as
    { id: string } | undefined;
  return row?.id ?? null;
}

/** Everything a receipt or the tracking screen shows about one transaction. */
/** The copies of a transaction's receipt on record: every one recorded, less those given back. */
export function copiesPrinted(core: Core, id: string): number {
  const { n } = prepared(
    core.db,
    'SELECT count(*) AS n FROM receipt_prints WHERE transaction_id = ? AND cancelled_at IS NULL',
  ).get(id) as { n: number };
  return n;
}

/**
 * Where the transaction's own outbox item is (saved under the transaction's id), as sync/push.ts
 * leaves it: its void or cancellation request goes as an item of its own.
 */
export function deliveryOf(core: Core, id: string): Delivery | null {
  const row = prepared(
    core.db,
    "SELECT state, last_error FROM outbox WHERE id = ? AND kind = 'transaction'",
  ).get(id) as { state: string; last_error: string | null } | undefined;
  return row ? outboxDelivery(row) : null;
}

export function transactionDetail(core: Core, id: string): TransactionDetail | null {
  const row = findTransactionRow(core, id);
  const office = core.office();
  if (!row || !office) return null;
  const db = core.db;
  const lines = prepared(
    db,
    'SELECT line_key, label_fa, label_en, kind, amount FROM fee_lines WHERE transaction_id = ? ORDER BY line_no',
  ).all(id) as {
    line_key: string;
    label_fa: string;
    label_en: string;
    kind: 'municipal' | 'office';
    amount: number;
  }[];
  const payments = prepared(
    db,
    'SELECT method, amount, tendered, change_given, reference FROM payments WHERE transaction_id = ? ORDER BY id',
  ).all(id) as {
    method: 'cash' | 'card';
    amount: number;
    tendered: number | null;
    change_given: number;
    reference: string | null;
  }[];
  const history = prepared(
    db,
    `SELECT s.status, s.source, s.reason, s.at, s.clock_offset_ms, u.full_name AS actor
       FROM status_history s LEFT JOIN users u ON u.id = s.actor_user_id
       WHERE s.transaction_id = ? ORDER BY s.id`,
  ).all(id) as {
    status: TransactionStatus;
    source: 'counter' | 'municipality';
    reason: string | null;
    at: number;
    clock_offset_ms: number | null;
    actor: string | null;
  }[];
  // A void the municipality's feed brought back (after a restore) may name no user known here.
  const voiding = prepared(
    db,
    `SELECT v.kind, v.reason, v.at, v.source, r.full_name AS requested_by,
            coalesce(a.full_name, v.recorded_approver) AS approved_by
       FROM voids v LEFT JOIN users r ON r.id = v.requested_by LEFT JOIN users a ON a.id = v.approved_by
       WHERE v.transaction_id = ?`,
  ).get(id) as
    | {
        kind: 'void' | 'cancellation_request';
        reason: string;
        at: number;
        source: 'counter' | 'municipality';
        requested_by: string | null;
        approved_by: string | null;
      }
    | undefined;
  const operator = prepared(db, 'SELECT username, full_name FROM users WHERE id = ?').get(
    row.operator_user_id,
  ) as {
    username: string;
    full_name: string;
  };
  // Counter entries by the offset kept with them (the one known now for older ones); the
  // municipality's entries carry its own time.
  const offset = clockOffsetMs(core);
  const settled = payments.map((p) => ({
    method: p.method,
    amount: p.amount,
    tendered: p.tendered,
    change: p.change_given,
    reference: p.reference,
  }));
  return {
    ...summary(row),
    sequence: row.sequence,
    fields: JSON.parse(row.fields) as StoredField[],
    lines: lines.map((l) => ({
      key: l.line_key,
      label: { fa: l.label_fa, en: l.label_en },
      kind: l.kind,
      amount: l.amount,
    })),
    municipalTotal: row.municipal_total,
    officeTotal: row.office_total,
    tariffVersion: row.tariff_version,
    catalogVersion: row.catalog_version,
    sampleTariff: row.sample_tariff === 1,
    payments: settled,
    change: settled.reduce((c, p) => c + p.change, 0),
    statusHistory: history.map(({ clock_offset_ms: offsetThen, ...h }) =>
      h.source === 'counter' ? { ...h, at: municipalMoment(h.at, offsetThen, offset) } : h,
    ),
    delivery: deliveryOf(core, id),
    voiding: voiding
      ? {
          kind: voiding.kind,
          reason: voiding.reason,
          requestedBy: voiding.requested_by,
          approvedBy: voiding.approved_by,
          at: voiding.at,
          source: voiding.source,
        }
      : null,
    operator: { username: operator.username, fullName: operator.full_name },
    businessDate: row.business_date,
    municipalTime: municipalMoment(row.created_at, row.clock_offset_ms, offset),
    printCount: copiesPrinted(core, id),
    office,
  };
}
