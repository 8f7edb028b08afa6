/**
 * Why a sync step failed, as a stable code. `retryable` failures (network, timeouts, 5xx, a
 * garbled answer) are retried with backoff; the others need a person (revoked terminal, wrong key,
 * not enrolled) and are shown on the Sync screen until something changes.
 */
export const SYNC_FAILURE_CODES = [
  'not_enrolled',
  'already_enrolled',
  'not_set_up',
  'office_mismatch',
  'terminal_number_taken',
  'activation_code_invalid',
  'activation_code_used',
  'activation_code_expired',
  'server_unreachable',
  'timeout',
  'server_error',
  'bad_response',
  'terminal_revoked',
  'unknown_terminal',
  'bad_signature',
  'clock_skew',
  'key_missing',
  'request_refused',
  'local_error',
] as const;
export type SyncFailureCode = (typeof SYNC_FAILURE_CODES)[number];

export class SyncFailure extends Error {
  override readonly name = 'SyncFailure';
  constructor(
    readonly code: SyncFailureCode,
    message: string,
    readonly retryable: boolean,
    /** The HTTP status, when the server answered. */
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}

export function isRetryable(error: unknown): boolean {
  return error instanceof SyncFailure ? error.retryable : true;
}
