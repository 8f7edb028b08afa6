import type { FastifyReply } from 'fastify';
import type { SyncErrorCode } from '../shared/sync/protocol';

/** A refusal with a stable code; the error handler turns it into `{error, message, serverTime}`. */
export class SyncHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: SyncErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SyncHttpError';
  }
}

export function sendError(
  reply: FastifyReply,
  statusCode: number,
  code: SyncErrorCode,
  message: string,
  serverTime: number,
): FastifyReply {
  return reply.code(statusCode).send({ error: code, message, serverTime });
}
