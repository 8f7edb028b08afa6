import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context';
import { sha256Hex, verifyEd25519 } from '../crypto';
import { SyncHttpError } from '../errors';
import { findTerminal, rememberNonce } from '../store/terminals';
import {
  EMPTY_BODY_SHA256,
  MAX_CLOCK_SKEW_MS,
  NONCE_PATTERN,
  SIGNATURE_HEADERS,
  canonicalRequest,
  isWithinSkew,
  parseTimestamp,
} from '../../shared/sync/signing';

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Verifies a terminal's signed request, in this order: all four headers present (`unsigned`), the
 * terminal known (`unknown_terminal`), the signature over method, path, timestamp, nonce and body
 * hash valid for its key (`bad_signature`), the terminal not revoked (`terminal_revoked`), the
 * timestamp within ±5 minutes of the server's clock (`clock_skew`; the answer carries the server's
 * time), and the nonce not seen before (`replayed_nonce`). Nonces are remembered only after the
 * signature checks out, so nobody can burn a terminal's nonces.
 */
export function terminalAuth(context: ServerContext) {
  return async function verifyTerminalRequest(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const terminalId = header(request, SIGNATURE_HEADERS.terminal);
    const timestampHeader = header(request, SIGNATURE_HEADERS.timestamp);
    const nonce = header(request, SIGNATURE_HEADERS.nonce);
    const signature = header(request, SIGNATURE_HEADERS.signature);
    if (!terminalId || !timestampHeader || !nonce || !signature)
      throw new SyncHttpError(401, 'unsigned', 'the request is not signed');
    const timestamp = parseTimestamp(timestampHeader);
    if (timestamp === null || !NONCE_PATTERN.test(nonce))
      throw new SyncHttpError(401, 'bad_signature', 'malformed timestamp or nonce');

    const terminal = await findTerminal(context.db, terminalId);
    if (!terminal) throw new SyncHttpError(401, 'unknown_terminal', 'no terminal with this id is enrolled');

    const bodySha256 =
      request.rawBody && request.rawBody.length > 0 ? sha256Hex(request.rawBody) : EMPTY_BODY_SHA256;
    const message = canonicalRequest({
      method: request.method,
      path: request.url,
      timestamp,
      nonce,
      bodySha256,
    });
    if (!verifyEd25519(terminal.publicKey, message, signature))
      throw new SyncHttpError(401, 'bad_signature', 'the signature does not match the request');
    if (terminal.revokedAt !== null)
      throw new SyncHttpError(403, 'terminal_revoked', 'this terminal has been revoked');

    const now = context.now();
    if (!isWithinSkew(timestamp, now, MAX_CLOCK_SKEW_MS))
      throw new SyncHttpError(401, 'clock_skew', 'the request time is too far from the server time');
    if (!(await rememberNonce(context.db, terminal.id, nonce, now)))
      throw new SyncHttpError(401, 'replayed_nonce', 'this nonce was already used');

    request.terminal = {
      id: terminal.id,
      number: terminal.number,
      officeId: terminal.officeId,
      officeCode: terminal.officeCode,
    };
  };
}
