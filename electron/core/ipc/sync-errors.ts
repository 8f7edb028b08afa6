import type { ErrorCode } from '../../../shared/result';
import { SYNC_FAILURE_CODES, type SyncFailureCode } from '../sync';

/**
 * Each of the engine's failure codes as the app's stable error code (its message is in
 * renderer/i18n/{fa,en}/errors.json). A Record, so a new failure code cannot be left unmapped.
 */
const SYNC_ERROR_CODES: Readonly<Record<SyncFailureCode, ErrorCode>> = {
  not_enrolled: 'sync_not_enrolled',
  already_enrolled: 'sync_already_enrolled',
  not_set_up: 'not_set_up',
  office_mismatch: 'sync_office_mismatch',
  terminal_number_taken: 'sync_terminal_number_taken',
  activation_code_invalid: 'sync_activation_code_invalid',
  activation_code_used: 'sync_activation_code_used',
  activation_code_expired: 'sync_activation_code_expired',
  server_unreachable: 'sync_server_unreachable',
  timeout: 'sync_timeout',
  server_error: 'sync_server_error',
  bad_response: 'sync_bad_response',
  terminal_revoked: 'sync_terminal_revoked',
  unknown_terminal: 'sync_unknown_terminal',
  bad_signature: 'sync_bad_signature',
  clock_skew: 'sync_clock_skew',
  key_missing: 'sync_key_missing',
  request_refused: 'sync_request_refused',
  local_error: 'sync_failed',
};

function isSyncFailureCode(code: string): code is SyncFailureCode {
  return (SYNC_FAILURE_CODES as readonly string[]).includes(code);
}

/** The app's error code for a failure code the engine gave (or stored: an older one maps to `sync_failed`). */
export function syncErrorCode(failure: string): ErrorCode {
  return isSyncFailureCode(failure) ? SYNC_ERROR_CODES[failure] : 'sync_failed';
}
