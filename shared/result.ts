/**
 * Results cross the IPC boundary instead of thrown errors (Signal's wrapResult). Error codes are
 * stable strings the renderer and the tests can rely on; user-facing text comes from the i18n key.
 */
export const ERROR_CODES = [
  'invalid_input',
  'unknown_call',
  'untrusted_sender',
  'not_logged_in',
  'forbidden',
  'session_locked',
  'already_set_up',
  'not_set_up',
  'invalid_credentials',
  'account_locked',
  'account_inactive',
  'temporary_password_expired',
  'approval_delayed',
  'username_taken',
  'weak_password',
  'database_newer_than_app',
  'database_corrupt',
  'catalog_missing',
  'service_unknown',
  'service_inactive',
  'no_tariff_in_force',
  'clock_behind_last_sale',
  'fields_invalid',
  'citizen_invalid',
  'fee_not_computable',
  'payment_invalid',
  'transaction_not_found',
  'transaction_conflict',
  'receipt_copy_not_next',
  'receipt_print_failed',
  'already_voided',
  'transaction_final',
  'approver_not_manager',
  'tracking_code_invalid',
  'sequence_exhausted',
  'internal',
  'disk_full',
  'amount_invalid',
  'day_not_found',
  'day_exists',
  'day_not_open',
  'day_already_closed',
  'day_other_terminal',
  'day_in_future',
  'day_without_sales',
  'day_changed',
  'difference_note_required',
  'movement_exceeds_drawer',
  'user_not_found',
  'last_active_manager',
  'cannot_deactivate_self',
  'cannot_reset_own_password',
  'password_unchanged',
  'password_change_required',
  'session_ended',
  'report_range_invalid',
  'backup_failed',
  'backup_folder_invalid',
  'backup_not_found',
  'backup_not_pishkhan',
  'backup_corrupt',
  'backup_unreadable',
  'backup_newer_than_app',
  'backup_other_terminal',
  'restore_would_lose_unsynced',
  'restore_failed',
  'restore_running',
  'sync_unavailable',
  'office_identity_frozen',
  'sync_not_enrolled',
  'sync_already_enrolled',
  'sync_office_mismatch',
  'sync_terminal_number_taken',
  'sync_activation_code_invalid',
  'sync_activation_code_used',
  'sync_activation_code_expired',
  'sync_server_address_invalid',
  'sync_server_unreachable',
  'sync_timeout',
  'sync_server_error',
  'sync_bad_response',
  'sync_terminal_revoked',
  'sync_unknown_terminal',
  'sync_bad_signature',
  'sync_clock_skew',
  'sync_key_missing',
  'sync_request_refused',
  'sync_failed',
  'sync_item_not_found',
  'update_feed_invalid',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorDetails = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

export interface AppErrorShape {
  readonly code: ErrorCode;
  /** i18n key of the message shown to the user, e.g. `errors.invalid_credentials`. */
  readonly messageKey: string;
  readonly details: ErrorDetails;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppErrorShape };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function errorShape(code: ErrorCode, details: ErrorDetails = {}): AppErrorShape {
  return { code, messageKey: `errors.${code}`, details };
}

/** Thrown inside the core; turned into a `{ok:false}` result at the IPC boundary. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, details: ErrorDetails = {}, message?: string) {
    super(message ?? code);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toShape(): AppErrorShape {
    return errorShape(this.code, this.details);
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
