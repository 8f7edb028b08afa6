import type { Queryable } from '../db/database';
import type { DaySettlementBody } from '../../shared/sync/settlement';
import type { AuditHeadCheck } from './settlement-heads';

export interface NewSettlement {
  readonly itemId: string;
  readonly body: DaySettlementBody;
}

/** The day (by its id) or the terminal's date that already has a settlement, if any. */
export async function settledDays(
  tx: Queryable,
  terminalId: string,
  days: readonly { dayId: string; businessDate: string }[],
): Promise<{ dayIds: Set<string>; dates: Set<string> }> {
  if (days.length === 0) return { dayIds: new Set(), dates: new Set() };
  const rows = await tx.query<{ dayId: string; businessDate: string }>(
    `SELECT day_id::text AS "dayId", business_date::text AS "businessDate" FROM day_settlements
     WHERE day_id = ANY($1::uuid[]) OR (terminal_id = $2 AND business_date = ANY($3::date[]))`,
    [days.map((d) => d.dayId), terminalId, days.map((d) => d.businessDate)],
  );
  return { dayIds: new Set(rows.map((r) => r.dayId)), dates: new Set(rows.map((r) => r.businessDate)) };
}

/** Of these transactions, the ones whose refund an earlier settlement already took. */
export async function settledLateVoids(
  tx: Queryable,
  transactionIds: readonly string[],
): Promise<Set<string>> {
  if (transactionIds.length === 0) return new Set();
  const rows = await tx.query<{ id: string }>(
    'SELECT transaction_id::text AS id FROM settlement_late_voids WHERE transaction_id = ANY($1::uuid[])',
    [transactionIds],
  );
  return new Set(rows.map((r) => r.id.toLowerCase()));
}

export async function insertSettlements(
  tx: Queryable,
  settlements: readonly NewSettlement[],
  owner: { officeId: number; terminalId: string; now: number },
): Promise<boolean> {
  for (const { itemId, body } of settlements) {
    const r = body.reconciliation;
    await tx.query(
      `INSERT INTO day_settlements (item_id, day_id, office_id, terminal_id, business_date, opened_at, closed_at,
         closed_by, transactions, total, municipal_total, office_total, expected_cash, counted_cash, cash_difference,
         expected_card, card_slip_total, card_difference, unacknowledged_at_close, received_at, audit_head_seq,
         audit_head_hash, audit_head_check)
       VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
         $21, $22, $23)`,
      [
        itemId,
        body.id,
        owner.officeId,
        owner.terminalId,
        body.businessDate,
        body.openedAt,
        body.closedAt,
        body.closedBy,
        r.kept.count,
        r.kept.total,
        r.kept.municipal,
        r.kept.office,
        r.expectedCash,
        body.counted.cash,
        body.differences.cash,
        r.expectedCard,
        body.counted.cardSlip,
        body.differences.card,
        body.unacknowledgedAtClose,
        owner.now,
        body.auditHead?.seq ?? null,
        body.auditHead?.hash ?? null,
        body.auditHead ? 'pending' : 'none',
      ],
    );
    if (body.lateVoids.length > 0) {
      // A refund another push took meanwhile (its settlement committed after this batch read which
      // were taken): nothing written, and the batch is decided again.
      const taken = await tx.query<{ id: string }>(
        `INSERT INTO settlement_late_voids (transaction_id, item_id, terminal_id)
         SELECT unnest($1::uuid[]), $2, $3 ON CONFLICT (transaction_id) DO NOTHING RETURNING transaction_id AS id`,
        [body.lateVoids, itemId, owner.terminalId],
      );
      if (taken.length !== body.lateVoids.length) return false;
    }
  }
  return true;
}

export interface AdminSettlementRow {
  readonly seq: number;
  readonly itemId: string;
  readonly dayId: string;
  readonly office: string;
  readonly terminal: number;
  readonly businessDate: string;
  readonly openedAt: number;
  readonly closedAt: number;
  readonly closedBy: string;
  readonly transactions: number;
  readonly total: number;
  readonly municipalTotal: number;
  readonly officeTotal: number;
  readonly expectedCash: number;
  readonly countedCash: number;
  readonly cashDifference: number;
  readonly expectedCard: number;
  readonly cardSlipTotal: number;
  readonly cardDifference: number;
  readonly unacknowledgedAtClose: number;
  readonly receivedAt: number;
  /** The trail's head the settlement names, and how it compares with the trail the server holds. */
  readonly auditHead: {
    readonly seq: number | null;
    readonly hash: string | null;
    readonly check: AuditHeadCheck;
    readonly checkedAt: number | null;
  };
  readonly body: Record<string, unknown>;
}

/** An office's settlements in the order they arrived, after a cursor (the item's seq). */
export async function listSettlements(
  db: Queryable,
  filter: { officeCode: string; afterSeq: number; limit: number; from: string | null; to: string | null },
): Promise<AdminSettlementRow[]> {
  return db.query<AdminSettlementRow>(
    `SELECT i.seq::float8 AS seq, s.item_id::text AS "itemId", s.day_id::text AS "dayId", o.code AS office,
       t.number AS terminal, s.business_date::text AS "businessDate", s.opened_at::float8 AS "openedAt",
       s.closed_at::float8 AS "closedAt", s.closed_by AS "closedBy", s.transactions,
       s.total::float8 AS total, s.municipal_total::float8 AS "municipalTotal", s.office_total::float8 AS "officeTotal",
       s.expected_cash::float8 AS "expectedCash", s.counted_cash::float8 AS "countedCash",
       s.cash_difference::float8 AS "cashDifference", s.expected_card::float8 AS "expectedCard",
       s.card_slip_total::float8 AS "cardSlipTotal", s.card_difference::float8 AS "cardDifference",
       s.unacknowledged_at_close AS "unacknowledgedAtClose", s.received_at::float8 AS "receivedAt",
       json_build_object('seq', s.audit_head_seq::float8, 'hash', s.audit_head_hash, 'check', s.audit_head_check,
         'checkedAt', s.audit_head_checked_at::float8) AS "auditHead", i.body
     FROM day_settlements s JOIN items i ON i.id = s.item_id JOIN offices o ON o.id = s.office_id
       JOIN terminals t ON t.id = s.terminal_id
     WHERE o.code = $1 AND i.seq > $2 AND ($3::date IS NULL OR s.business_date >= $3::date)
       AND ($4::date IS NULL OR s.business_date <= $4::date)
     ORDER BY i.seq LIMIT $5`,
    [filter.officeCode, filter.afterSeq, filter.from, filter.to, filter.limit],
  );
}
