import {
  SERVER_TRANSACTION_STATUSES,
  TRANSACTION_SET_ASIDE,
  type PushResult,
  type ServerTransactionStatus,
} from './protocol';

/**
 * Every reason the municipal server gives for a pushed item it refuses (`rejected`) or finds in
 * conflict. The server's checks are typed with these lists, so it cannot send a reason that is not
 * listed here; the counter's Sync screen explains each one in words (renderer/i18n, `sync.reasons`).
 */

/** The item itself could not be read (server/push/push-batch.ts). */
export const ITEM_REFUSALS = ['unknown_kind', 'invalid_item', 'text_contains_nul'] as const;

/** A tracking code that is not one, or not of the pushing terminal. */
export const TRACKING_CODE_REFUSALS = ['tracking_code_invalid', 'tracking_code_not_this_terminal'] as const;
export type TrackingCodeRefusal = (typeof TRACKING_CODE_REFUSALS)[number];

/** A transaction checked again: identity, citizen, details, fee and payments (server/push/recheck.ts). */
export const TRANSACTION_REFUSALS = [
  'body_id_mismatch',
  'office_mismatch',
  'terminal_mismatch',
  ...TRACKING_CODE_REFUSALS,
  'service_code_invalid',
  'catalog_version_invalid',
  'tariff_version_invalid',
  'created_at_invalid',
  'business_date_invalid',
  'operator_invalid',
  'citizen_invalid',
  'legal_person_invalid',
  'fields_invalid',
  'totals_invalid',
  'totals_mismatch',
  'fee_lines_invalid',
  'catalog_version_unknown',
  'service_unknown',
  'tariff_version_unknown',
  'tariff_not_in_force',
  'fee_not_computable',
  'fee_mismatch',
  'payments_invalid',
  'payments_mismatch',
  'tracking_code_taken',
] as const;

/** A void or cancellation request, checked and then held against its transaction. */
export const VOID_OR_CANCELLATION_REFUSALS = [
  'kind_mismatch',
  'transaction_id_invalid',
  'unknown_transaction',
  'reason_missing',
  'approved_by_missing',
  'at_invalid',
  'tracking_code_mismatch',
] as const;

/** Refused in the transaction's status at the municipality (`not_allowed_when_in_review`, …). */
export type StatusRefusal = `not_allowed_when_${ServerTransactionStatus}`;
export const STATUS_REFUSALS: readonly StatusRefusal[] = SERVER_TRANSACTION_STATUSES.map(
  (status): StatusRefusal => `not_allowed_when_${status}`,
);

/**
 * A day's settlement whose figures do not hold together (shared/sync/settlement.ts).
 * `settlement_closed_before_opened` only servers before this version send (a PC clock put back
 * during the day); the counter still explains it.
 */
export const SETTLEMENT_PROBLEMS = [
  'settlement_closed_before_opened',
  'settlement_totals_inconsistent',
  'settlement_methods_inconsistent',
  'settlement_operators_inconsistent',
  'settlement_services_inconsistent',
  'settlement_cancellations_inconsistent',
  'settlement_movements_inconsistent',
  'settlement_late_voids_inconsistent',
  'settlement_expected_cash_mismatch',
  'settlement_expected_card_mismatch',
  'settlement_difference_mismatch',
  'settlement_note_missing',
] as const;
export type SettlementProblem = (typeof SETTLEMENT_PROBLEMS)[number];

/** A day's settlement, beyond its figures. */
export const SETTLEMENT_REFUSALS = [
  'settlement_invalid',
  'settlement_not_this_terminal',
  ...SETTLEMENT_PROBLEMS,
  'day_already_settled',
  'late_void_already_settled',
] as const;

/** A stretch of the audit trail that does not continue the municipality's copy (server/push/audit-chain.ts). */
export const AUDIT_CHAIN_BREAKS = [
  'audit_sequence_gap',
  'audit_chain_broken',
  'audit_hash_mismatch',
  'audit_entry_rewritten',
] as const;
export type AuditChainBreak = (typeof AUDIT_CHAIN_BREAKS)[number];

export const AUDIT_REFUSALS = [
  'audit_batch_invalid',
  'audit_not_this_terminal',
  ...AUDIT_CHAIN_BREAKS,
] as const;

/** Why an item is `rejected`: every reason the server can send. */
export const PUSH_REFUSAL_REASONS = [
  ...ITEM_REFUSALS,
  ...TRANSACTION_REFUSALS,
  ...VOID_OR_CANCELLATION_REFUSALS,
  ...STATUS_REFUSALS,
  ...SETTLEMENT_REFUSALS,
  ...AUDIT_REFUSALS,
] as const;
export type PushRefusalReason = (typeof PUSH_REFUSAL_REASONS)[number];

/** Why an item is a `conflict`: the same id was stored with another body. */
export const PUSH_CONFLICT_REASONS = ['different_body'] as const;
export type PushConflictReason = (typeof PUSH_CONFLICT_REASONS)[number];

/** A push result as the server writes it: its reason, if any, one of the listed ones. */
export type PushAnswer = Omit<PushResult, 'reason'> & {
  readonly reason?: PushRefusalReason | PushConflictReason;
};

/**
 * Why the counter itself sets an item aside (electron/core/sync/push.ts): the server failed on this
 * item alone, or a void waits beside its refused transaction. The server never sends these.
 */
export const COUNTER_SET_ASIDE_REASONS = ['server_error', TRANSACTION_SET_ASIDE] as const;

/** Every reason an item in the Sync screen's needs-attention list can carry. */
export const ATTENTION_REASON_CODES = [
  ...PUSH_REFUSAL_REASONS,
  ...PUSH_CONFLICT_REASONS,
  ...COUNTER_SET_ASIDE_REASONS,
] as const;
export type AttentionReasonCode = (typeof ATTENTION_REASON_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(ATTENTION_REASON_CODES);

/** Whether this version knows the reason (a newer server may send one it does not). */
export function isAttentionReasonCode(code: string): code is AttentionReasonCode {
  return KNOWN.has(code);
}
