import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import type { z } from 'zod';
import { syncErrorSchema, type SyncErrorCode } from '../../../shared/sync/protocol';
import {
  EMPTY_BODY_SHA256,
  SERVER_TIME_HEADER,
  SIGNATURE_HEADERS,
  canonicalRequest,
} from '../../../shared/sync/signing';
import { SyncFailure, type SyncFailureCode } from './errors';
import { signBase64 } from './keys';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ClockKeeper {
  /** Server clock minus this PC's clock, as last learned. */
  offset(): number;
  learn(offsetMs: number): void;
}

export interface ClientOptions {
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  readonly now: () => number;
  readonly clock: ClockKeeper;
  readonly timeoutMs: number;
  /** Absent for the one unsigned request, enrollment. */
  readonly signer?: { readonly terminalId: string; readonly privateKey: KeyObject };
}

const NON_RETRYABLE: Partial<Record<SyncErrorCode, SyncFailureCode>> = {
  terminal_revoked: 'terminal_revoked',
  unknown_terminal: 'unknown_terminal',
  bad_signature: 'bad_signature',
  unsigned: 'bad_signature',
  activation_code_invalid: 'activation_code_invalid',
  activation_code_used: 'activation_code_used',
  activation_code_expired: 'activation_code_expired',
  office_mismatch: 'office_mismatch',
  terminal_number_taken: 'terminal_number_taken',
};

function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

/**
 * One HTTP exchange with the municipal server: signs (with the server's clock as learned), sends
 * with a timeout, learns the server's clock from the answer, and turns every way it can fail into
 * a SyncFailure that says whether trying again may help. A `clock_skew` refusal is answered by
 * correcting the clock and trying once more.
 */
export class SyncClient {
  constructor(private readonly options: ClientOptions) {}

  request<T>(method: 'GET' | 'POST', path: string, payload: unknown, schema: z.ZodType<T>): Promise<T> {
    return this.send(method, path, payload === undefined ? undefined : JSON.stringify(payload), schema);
  }

  /** As `request`, with a body already serialized (a push batch is assembled from stored JSON). */
  async send<T>(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    schema: z.ZodType<T>,
  ): Promise<T> {
    try {
      return await this.once(method, path, body, schema);
    } catch (error) {
      if (error instanceof SyncFailure && error.code === 'clock_skew' && this.options.signer)
        return this.once(method, path, body, schema);
      throw error;
    }
  }

  private headersFor(method: string, path: string, body: Buffer | undefined): Record<string, string> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const signer = this.options.signer;
    if (!signer) return headers;
    const timestamp = Math.round(this.options.now() + this.options.clock.offset());
    const nonce = randomBytes(16).toString('base64url');
    const bodySha256 =
      body === undefined ? EMPTY_BODY_SHA256 : createHash('sha256').update(body).digest('hex');
    const message = canonicalRequest({ method, path, timestamp, nonce, bodySha256 });
    headers[SIGNATURE_HEADERS.terminal] = signer.terminalId;
    headers[SIGNATURE_HEADERS.timestamp] = String(timestamp);
    headers[SIGNATURE_HEADERS.nonce] = nonce;
    headers[SIGNATURE_HEADERS.signature] = signBase64(signer.privateKey, message);
    return headers;
  }

  private learnClock(serverTime: number | null, sentAt: number, receivedAt: number): void {
    if (serverTime === null || !Number.isFinite(serverTime)) return;
    this.options.clock.learn(serverTime - (sentAt + receivedAt) / 2);
  }

  private async once<T>(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    schema: z.ZodType<T>,
  ): Promise<T> {
    // Encoded once, for the signature's hash and as the body itself: fetch would otherwise scan a
    // string body for lone surrogates and encode it again (a 1 MB push batch, every request).
    const bytes = body === undefined ? undefined : Buffer.from(body, 'utf8');
    const headers = this.headersFor(method, path, bytes);
    const sentAt = this.options.now();
    let response: Response;
    let text: string;
    try {
      response = await this.options.fetch(joinUrl(this.options.baseUrl, path), {
        method,
        headers,
        ...(bytes === undefined ? {} : { body: bytes }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new SyncFailure('timeout', `no answer within ${this.options.timeoutMs} ms`, true);
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      throw new SyncFailure(
        'server_unreachable',
        `${error instanceof Error ? error.message : String(error)}${cause}`,
        true,
      );
    }
    const receivedAt = this.options.now();
    const timeHeader = response.headers.get(SERVER_TIME_HEADER);
    this.learnClock(
      timeHeader && /^\d{1,16}$/.test(timeHeader) ? Number(timeHeader) : null,
      sentAt,
      receivedAt,
    );

    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (response.status >= 500 || response.status === 429 || response.status === 408)
      throw new SyncFailure('server_error', `the server answered ${response.status}`, true, response.status);
    if (response.status >= 400) throw this.refusal(response.status, json, sentAt, receivedAt);
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new SyncFailure(
        'bad_response',
        `unexpected answer to ${method} ${path.split('?')[0]}`,
        true,
        response.status,
      );
    return parsed.data;
  }

  private refusal(status: number, json: unknown, sentAt: number, receivedAt: number): SyncFailure {
    const parsed = syncErrorSchema.safeParse(json);
    if (!parsed.success)
      // Not the server's own refusal (a proxy's page, say): maybe better next time.
      return new SyncFailure('server_error', `the server answered ${status}`, true, status);
    const { error, message, serverTime } = parsed.data;
    if (error === 'clock_skew') {
      this.learnClock(serverTime, sentAt, receivedAt);
      return new SyncFailure('clock_skew', message, true, status);
    }
    if (error === 'replayed_nonce') return new SyncFailure('server_error', message, true, status);
    const code = NON_RETRYABLE[error];
    if (code) return new SyncFailure(code, message, false, status);
    return new SyncFailure('request_refused', `${error}: ${message}`, false, status);
  }
}
