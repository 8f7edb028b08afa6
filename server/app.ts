import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { ServerContext } from './context';
import { sendError, SyncHttpError } from './errors';
import openapi from './openapi.json';
import { adminRoutes } from './routes/admin';
import { enrollRoutes } from './routes/enroll';
import { syncRoutes } from './routes/sync';
import { MAX_BODY_BYTES } from '../shared/sync/protocol';
import { SERVER_TIME_HEADER } from '../shared/sync/signing';

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'code' in error;
}

// Valid UTF-8 has one reading, which this strict decoder gives in about two thirds of the time
// Buffer's toString takes (a push's body is the largest text the server reads); it keeps a leading
// BOM as toString does. Anything else is read as before, replacement characters and all.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function utf8Text(bytes: Buffer): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/**
 * The municipal sync server's HTTP application. JSON bodies are kept as raw bytes too (the
 * signature covers their hash); every answer, refusals included, carries the server's clock.
 */
export function buildApp(context: ServerContext): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: MAX_BODY_BYTES, return503OnClosing: true });

  app.decorateRequest('rawBody', null);
  app.decorateRequest('terminal', null);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES },
    function parseJsonKeepingBytes(request, body, done) {
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
      request.rawBody = bytes;
      if (bytes.length === 0) return done(null, undefined);
      try {
        done(null, JSON.parse(utf8Text(bytes)));
      } catch {
        done(new SyncHttpError(400, 'invalid_request', 'the body is not valid JSON'), undefined);
      }
    },
  );

  app.addHook('onSend', async function addServerTime(_request, reply) {
    reply.header(SERVER_TIME_HEADER, String(context.now()));
  });

  app.setErrorHandler(function answerWithCode(error, request, reply) {
    const serverTime = context.now();
    if (error instanceof SyncHttpError)
      return sendError(reply, error.statusCode, error.code, error.message, serverTime);
    if (isFastifyError(error)) {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413)
        return sendError(reply, 413, 'body_too_large', `at most ${MAX_BODY_BYTES} bytes`, serverTime);
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
        return sendError(reply, error.statusCode, 'invalid_request', error.message, serverTime);
    }
    request.log.error(error);
    console.error(`[server] ${request.method} ${request.url.slice(0, 200)} failed:`, error);
    return sendError(reply, 500, 'internal', 'internal server error', serverTime);
  });

  app.setNotFoundHandler(function notFound(_request, reply) {
    return sendError(reply, 404, 'not_found', 'no such route', context.now());
  });

  app.get('/health', async () => ({ ok: true, database: context.db.kind, serverTime: context.now() }));
  app.get('/docs/openapi.json', async () => openapi);
  enrollRoutes(app, context);
  syncRoutes(app, context);
  adminRoutes(app, context);
  return app;
}
