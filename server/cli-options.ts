import { parseArgs } from 'node:util';

export interface CliOptions {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly adminToken: string | undefined;
  readonly seedDemo: boolean;
  readonly catalogFile: string;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE =
  'usage: npm run -s server -- --port 8787 --data-dir ./server-data [--host 127.0.0.1] ' +
  '[--admin-token T] [--seed-demo] [--catalog resources/catalog/sample-catalog.json]\n' +
  'DATABASE_URL set: PostgreSQL; otherwise an embedded PostgreSQL (PGlite) in --data-dir.';

export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', default: '8787' },
        host: { type: 'string', default: '127.0.0.1' },
        'data-dir': { type: 'string', default: './server-data' },
        'admin-token': { type: 'string' },
        'seed-demo': { type: 'boolean', default: false },
        catalog: { type: 'string', default: 'resources/catalog/sample-catalog.json' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: not a port: ${values.port}`);
  const adminToken = values['admin-token'] ?? env.PISHKHAN_ADMIN_TOKEN;
  if (adminToken !== undefined && adminToken.length < 8)
    throw new UsageError('--admin-token: at least 8 characters');
  return {
    port,
    host: values.host,
    dataDir: values['data-dir'],
    adminToken,
    seedDemo: values['seed-demo'],
    catalogFile: values.catalog,
  };
}
