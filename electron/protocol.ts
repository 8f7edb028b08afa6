import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { createLogger } from './core/log';
import { contentTypeOf, resolveRendererFile } from './renderer-files';
import { APP_SCHEME, CONTENT_SECURITY_POLICY } from './security';

const log = createLogger('protocol');

/**
 * Must run before the app is ready. `standard` gives the scheme a real origin (so 'self' in the
 * CSP and relative URLs work), `secure` makes it a secure context. `corsEnabled` stays off so no
 * other origin can read the app's files.
 */
export function registerAppSchemePrivileges(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

function respond(status: number, body: Uint8Array | string | null, contentType: string): Response {
  return new Response(body, {
    status,
    headers: {
      'content-type': contentType,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    },
  });
}

/** Serves the built renderer (`dist/renderer`) on `app://pishkhan/`, with the CSP on every response. */
export function serveRenderer(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  async function serveRendererFile(request: Request): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return respond(405, null, 'text/plain; charset=utf-8');
    }
    const file = resolveRendererFile(rendererDir, request.url);
    if (!file) {
      log.warn('refused a request outside the renderer', request.url.slice(0, 200));
      return respond(404, 'Not found', 'text/plain; charset=utf-8');
    }
    try {
      const body = await readFile(file);
      return respond(200, request.method === 'HEAD' ? null : body, contentTypeOf(file));
    } catch {
      return respond(404, 'Not found', 'text/plain; charset=utf-8');
    }
  }
  protocol.handle(APP_SCHEME, serveRendererFile);
}
