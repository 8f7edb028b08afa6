import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does to one request:
 * - `pass`: forwards it;
 * - `drop-after-commit`: forwards it, waits for the server's whole answer (so the server has
 *   committed), then cuts the client's connection without a byte of it;
 * - `502` / `503`: answers that itself, never reaching the server;
 * - `delay`: waits `delayMs` (3 s by default), then forwards;
 * - `truncate`: forwards, then sends the client half the answer's body and cuts the connection;
 * - `500`: answers as a server failing on the request would, never reaching the server.
 */
export type Fault = 'pass' | 'drop-after-commit' | '500' | '502' | '503' | 'delay' | 'truncate';

export interface FaultProxy {
  readonly url: string;
  /** Faults for the next matching requests, in order; afterwards requests pass. */
  queue(...faults: Fault[]): void;
  /** Which requests the queued faults apply to (default: pushes). */
  match: (method: string, path: string) => boolean;
  /**
   * A server bug set off by what a request carries: a matching request whose body this accepts is
   * answered 500 every time, whatever is queued.
   */
  failWhen: ((body: string) => boolean) | null;
  /** Requests seen, with the fault each got. */
  readonly log: { method: string; path: string; fault: Fault }[];
  close(): Promise<void>;
}

function collect(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export async function startFaultProxy(
  target: string,
  options: { delayMs?: number } = {},
): Promise<FaultProxy> {
  const upstream = new URL(target);
  const faults: Fault[] = [];
  const log: FaultProxy['log'] = [];
  const delayMs = options.delayMs ?? 3_000;
  const proxy: FaultProxy = {
    url: '',
    queue: (...more) => faults.push(...more),
    match: (method, path) => method === 'POST' && path.startsWith('/v1/push'),
    failWhen: null,
    log,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  async function forward(
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const out = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host, connection: 'close' },
        },
        (res) => {
          collect(res).then(
            (b) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: b }),
            reject,
          );
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await collect(req);
    const path = req.url ?? '/';
    const matched = proxy.match(req.method ?? '', path);
    const fault: Fault =
      matched && proxy.failWhen?.(body.toString('utf8'))
        ? '500'
        : matched
          ? (faults.shift() ?? 'pass')
          : 'pass';
    log.push({ method: req.method ?? '', path, fault });
    if (fault === '500') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'internal_error', message: 'internal error' } }));
      return;
    }
    if (fault === '502' || fault === '503') {
      res.writeHead(Number(fault), { 'content-type': 'text/html' });
      res.end(`<html><body>${fault} from the proxy</body></html>`);
      return;
    }
    if (fault === 'delay') await new Promise((r) => setTimeout(r, delayMs));
    let answer;
    try {
      answer = await forward(req, body);
    } catch {
      res.socket?.destroy();
      return;
    }
    if (fault === 'drop-after-commit') {
      res.socket?.destroy();
      return;
    }
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    if (fault === 'truncate') {
      res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
      res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    if (res.destroyed) return;
    res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
    res.end(answer.body);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.socket?.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(proxy, { url: `http://127.0.0.1:${port}` });
}
