import { compactDigits } from '../validation/result';

/**
 * The signed-request scheme between a terminal and the municipal server, as pure functions: both
 * sides build the same canonical string, and each does the Ed25519 signing or verifying with its
 * own crypto (node:crypto on the server and in the core; nothing here touches Node or the DOM).
 *
 * A terminal request carries four headers. The signature covers
 * `METHOD\nPATH\nTIMESTAMP\nNONCE\nSHA256(body)`, where PATH is the request target exactly as sent
 * (path and query string), TIMESTAMP is milliseconds since the epoch in decimal, and SHA256(body)
 * is the lowercase hex digest of the raw body bytes (of the empty string for a GET).
 */
export const SIGNATURE_HEADERS = Object.freeze({
  terminal: 'x-pishkhan-terminal',
  timestamp: 'x-pishkhan-timestamp',
  nonce: 'x-pishkhan-nonce',
  signature: 'x-pishkhan-signature',
});

/** Every server response carries the server's clock, so a terminal with a wrong clock can correct. */
export const SERVER_TIME_HEADER = 'x-server-time';

/** How far a request's timestamp may be from the server's clock. Nonces are remembered this long. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** 16 to 64 characters of base64url: 128 random bits encode to 22. */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** SHA-256 of the empty body, for requests without one. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface RequestToSign {
  readonly method: string;
  /** Path and query string, exactly as sent on the request line. */
  readonly path: string;
  readonly timestamp: number;
  readonly nonce: string;
  /** Lowercase hex SHA-256 of the raw body bytes. */
  readonly bodySha256: string;
}

export function canonicalRequest(request: RequestToSign): string {
  return [
    request.method.toUpperCase(),
    request.path,
    String(Math.trunc(request.timestamp)),
    request.nonce,
    request.bodySha256.toLowerCase(),
  ].join('\n');
}

/**
 * What a terminal signs at enrollment to prove it holds the private key of the public key it sends
 * (so a typo or an encoding bug shows at enrollment, not at the first push).
 */
export function canonicalEnrollment(activationCode: string, publicKey: string): string {
  return ['PISHKHAN-ENROLL', normalizeActivationCode(activationCode), publicKey].join('\n');
}

/**
 * Activation codes are read over the phone or pasted from an SMS: case, spaces, ZWNJ, dashes,
 * direction marks and Persian or Arabic-Indic digits do not matter. Idempotent.
 */
export function normalizeActivationCode(code: string): string {
  return compactDigits(code).toUpperCase();
}

/** Parses a timestamp header: decimal milliseconds, nothing else. */
export function parseTimestamp(header: string | undefined): number | null {
  if (header === undefined || !/^\d{1,16}$/.test(header)) return null;
  return Number(header);
}

/** Whether a timestamp is within the allowed skew of the server's clock. */
export function isWithinSkew(timestamp: number, serverTime: number, maxSkew = MAX_CLOCK_SKEW_MS): boolean {
  return Math.abs(timestamp - serverTime) <= maxSkew;
}
