import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import type { ServerContext } from './context';
import type { Database } from './db/database';
import { migrate } from './db/migrate';
import { openPglite } from './db/pglite';
import { openPostgres } from './db/postgres';
import { forgetNoncesBefore } from './store/terminals';
import { MAX_CLOCK_SKEW_MS } from '../shared/sync/signing';

export interface StartOptions {
  /** PostgreSQL connection string; without one, PGlite in `dataDir`. */
  readonly databaseUrl?: string;
  readonly dataDir?: string;
  readonly host?: string;
  /** 0: any free port. */
  readonly port?: number;
  /** Generated (and reported) if not given. */
  readonly adminToken?: string;
  readonly now?: () => number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly adminToken: string;
  readonly db: Database;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

export async function openDatabase(
  options: Pick<StartOptions, 'databaseUrl' | 'dataDir'>,
): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  if (!options.dataDir) throw new Error('either a DATABASE_URL or a data directory is needed');
  return openPglite(join(options.dataDir, 'pglite'));
}

/** Opens the database, migrates it, and listens. `close()` stops listening, then closes the database. */
export async function startServer(options: StartOptions, database?: Database): Promise<RunningServer> {
  const db = database ?? (await openDatabase(options));
  try {
    await migrate(db);
  } catch (error) {
    if (!database) await db.close();
    throw error;
  }
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
  const context: ServerContext = { db, adminToken, now: options.now ?? Date.now };
  const app = buildApp(context);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);

  const pruning = setInterval(function pruneOldNonces() {
    forgetNoncesBefore(db, context.now() - 2 * MAX_CLOCK_SKEW_MS).catch((error: unknown) => {
      console.error('[server] pruning nonces failed:', error);
    });
  }, 60_000);
  pruning.unref();

  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    adminToken,
    db,
    app,
    async close() {
      clearInterval(pruning);
      await app.close();
      if (!database) await db.close();
    },
  };
}
