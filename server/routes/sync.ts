import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthenticatedTerminal, ServerContext } from '../context';
import { terminalAuth } from '../auth/terminal-auth';
import { SyncHttpError } from '../errors';
import { storePushBatch } from '../push/push-batch';
import { changesAfter } from '../store/changes';
import { lastTrackingSequence } from '../store/items';
import {
  MAX_PULL_CHANGES,
  MAX_PUSH_ITEMS,
  pushRequestSchema,
  type PullChange,
  type PullResponse,
  type PushResponse,
} from '../../shared/sync/protocol';

function terminalOf(request: FastifyRequest): AuthenticatedTerminal {
  if (!request.terminal) throw new Error('route reached without terminal authentication');
  return request.terminal;
}

/** The terminal's side of sync: signed push and pull. */
export function syncRoutes(app: FastifyInstance, context: ServerContext): void {
  const verify = terminalAuth(context);

  app.post('/v1/push', { preHandler: verify }, async function push(request): Promise<PushResponse> {
    const terminal = terminalOf(request);
    const body = request.body;
    if (typeof body === 'object' && body !== null && 'items' in body && Array.isArray(body.items)) {
      if (body.items.length > MAX_PUSH_ITEMS)
        throw new SyncHttpError(413, 'too_many_items', `at most ${MAX_PUSH_ITEMS} items per push`);
    }
    const parsed = pushRequestSchema.safeParse(body);
    if (!parsed.success)
      throw new SyncHttpError(400, 'invalid_request', 'expected {items:[…]} with 1 to 500 items');
    const results = await storePushBatch(context.db, parsed.data.items, terminal, context.now());
    return { results, serverTime: context.now() };
  });

  app.get('/v1/pull', { preHandler: verify }, async function pull(request): Promise<PullResponse> {
    const terminal = terminalOf(request);
    const query = request.query as Record<string, unknown>;
    const cursorText = typeof query.cursor === 'string' ? query.cursor : '0';
    if (!/^\d{1,15}$/.test(cursorText))
      throw new SyncHttpError(400, 'invalid_request', 'cursor must be a whole number');
    const cursor = Number(cursorText);
    const [rows, lastSequence] = await Promise.all([
      changesAfter(context.db, terminal.officeId, cursor, MAX_PULL_CHANGES + 1),
      lastTrackingSequence(context.db, terminal.officeCode, terminal.number),
    ]);
    const page = rows.slice(0, MAX_PULL_CHANGES);
    const changes = page.map((row) => ({ ...row.payload, type: row.type, seq: row.seq }) as PullChange);
    return {
      changes,
      cursor: page.at(-1)?.seq ?? cursor,
      more: rows.length > MAX_PULL_CHANGES,
      lastSequence,
      serverTime: context.now(),
    };
  });
}
