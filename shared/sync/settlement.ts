import { z } from 'zod';
import { reconciliationSchema, type Reconciliation } from '../reconciliation';
import type { SettlementProblem } from './refusals';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;
const int = z.number().int();
/**
 * A count: never negative. Not capped at MAX_COUNTED_RIALS any more (a day of legal payments may
 * expect more, and the counter bounds a count by the day's own figures: countCeiling). A server before
 * this version refuses a count above it as settlement_invalid; a counter before it could not close
 * such a day at all.
 */
const counted = int.min(0);

/**
 * A closed business day's settlement report as the counter's outbox holds it
 * (electron/core/day/close.ts): the day's reconciliation, what the manager counted and the card
 * terminal's slip said, the differences and their notes, voids of earlier days refunded from this
 * drawer, and the audit trail's head when the day closed.
 */
export const daySettlementBodySchema = z.strictObject({
  /** The business day's id on the counter. */
  id: z.uuid(),
  office: z.string().min(1).max(16),
  terminal: int.min(1).max(99),
  businessDate: z.string().regex(ISO_DATE),
  openedAt: int,
  closedAt: int,
  closedBy: z.string().min(1).max(200),
  reconciliation: reconciliationSchema,
  counted: z.strictObject({ cash: counted, cardSlip: counted }),
  differences: z.strictObject({ cash: int, card: int }),
  notes: z.strictObject({
    cash: z.string().max(2000).nullable(),
    card: z.string().max(2000).nullable(),
  }),
  lateVoids: z.array(z.uuid()).max(100_000),
  unacknowledgedAtClose: int.min(0),
  auditHead: z.strictObject({ seq: int.min(1), hash: z.string().regex(HEX_SHA256) }).nullable(),
});
export type DaySettlementBody = z.infer<typeof daySettlementBodySchema>;

type TotalsKey = 'count' | 'municipal' | 'office' | 'total' | 'cash' | 'card' | 'changeGiven';
const TOTALS_KEYS: readonly TotalsKey[] = [
  'count',
  'municipal',
  'office',
  'total',
  'cash',
  'card',
  'changeGiven',
];

function groupsAddUp(
  groups: readonly (Record<TotalsKey, number> & { voidedCount: number; voidedTotal: number })[],
  recon: Reconciliation,
): boolean {
  for (const key of TOTALS_KEYS)
    if (groups.reduce((sum, g) => sum + g[key], 0) !== recon.kept[key]) return false;
  return (
    groups.reduce((sum, g) => sum + g.voidedCount, 0) === recon.voided.count &&
    groups.reduce((sum, g) => sum + g.voidedTotal, 0) === recon.voided.total
  );
}

function totalsHold(t: Readonly<Record<TotalsKey, number>>): boolean {
  return (
    TOTALS_KEYS.every((key) => t[key] >= 0) &&
    t.municipal + t.office === t.total &&
    // A payment's amount is what was kept: cash and card together pay the total exactly.
    t.cash + t.card === t.total
  );
}

/**
 * Why a settlement's figures do not hold together, or null when they do: the totals against their
 * parts, the payment methods, operators and services against the totals, the expected cash rule
 * (opening float + cash kept + movements in − movements out − late voids' cash), the expected card
 * total, the differences against the count, and a note for every difference.
 */
export function settlementProblem(body: DaySettlementBody): SettlementProblem | null {
  const recon = body.reconciliation;
  // Not `closedAt < openedAt`: both are the PC's clock, which office PCs often have wrong, and a
  // clock put right during the day made the day's settlement refused for good (it is signed, and
  // the day cannot be closed again). The server records when it received it.
  if (recon.openingFloat < 0 || !totalsHold(recon.kept) || !totalsHold(recon.voided))
    return 'settlement_totals_inconsistent';
  const { cash, card } = recon.byMethod;
  if (
    cash.amount !== recon.kept.cash ||
    card.amount !== recon.kept.card ||
    cash.changeGiven !== recon.kept.changeGiven ||
    cash.payments < 0 ||
    card.payments < 0
  )
    return 'settlement_methods_inconsistent';
  if (!groupsAddUp(recon.byOperator, recon)) return 'settlement_operators_inconsistent';
  if (!groupsAddUp(recon.byService, recon)) return 'settlement_services_inconsistent';
  const cancellations = recon.cancellationsRequested;
  if (
    cancellations.count < 0 ||
    cancellations.total < 0 ||
    cancellations.count > recon.kept.count ||
    cancellations.total > recon.kept.total
  )
    return 'settlement_cancellations_inconsistent';
  const { movements, lateVoids } = recon;
  if (movements.in < 0 || movements.out < 0 || movements.count < 0)
    return 'settlement_movements_inconsistent';
  if (
    lateVoids.count !== body.lateVoids.length ||
    new Set(body.lateVoids.map((id) => id.toLowerCase())).size !== body.lateVoids.length ||
    lateVoids.cash < 0 ||
    lateVoids.card < 0 ||
    lateVoids.cash + lateVoids.card !== lateVoids.total
  )
    return 'settlement_late_voids_inconsistent';
  if (
    recon.expectedCash !==
    recon.openingFloat + recon.kept.cash + movements.in - movements.out - lateVoids.cash
  )
    return 'settlement_expected_cash_mismatch';
  if (recon.expectedCard !== recon.kept.card - lateVoids.card) return 'settlement_expected_card_mismatch';
  if (
    body.differences.cash !== body.counted.cash - recon.expectedCash ||
    body.differences.card !== body.counted.cardSlip - recon.expectedCard
  )
    return 'settlement_difference_mismatch';
  if (body.differences.cash !== 0 && !body.notes.cash?.trim()) return 'settlement_note_missing';
  if (body.differences.card !== 0 && !body.notes.card?.trim()) return 'settlement_note_missing';
  return null;
}
