import { resolve } from 'node:path';
import { UsageError, USAGE, parseCliOptions } from './cli-options';
import { lockDataDir } from './data-dir-lock';
import { seedDemo } from './seed-demo';
import { startServer } from './server';

/**
 * `npm run -s server -- --port 8787 --data-dir ./server-data [--admin-token T] [--seed-demo]`.
 * Prints exactly one JSON line on stdout once listening; everything else goes to stderr.
 */
async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2), process.env);
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = resolve(options.dataDir);
  const unlock = databaseUrl ? () => undefined : lockDataDir(dataDir);

  const server = await startServer({
    databaseUrl,
    dataDir,
    host: options.host,
    port: options.port,
    adminToken: options.adminToken,
  });
  const demo = options.seedDemo
    ? await seedDemo(server.db, { now: Date.now(), catalogFile: resolve(options.catalogFile) })
    : undefined;

  process.stdout.write(
    `${JSON.stringify({
      url: server.url,
      database: server.db.kind,
      ...(databaseUrl ? {} : { dataDir }),
      // Only a generated token is printed: one given on the command line is already known.
      ...(options.adminToken ? {} : { adminToken: server.adminToken }),
      openapi: `${server.url}/docs/openapi.json`,
      ...(demo ? { demo } : {}),
    })}\n`,
  );

  let stopping = false;
  async function stop(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    console.error(`server: ${signal}, closing`);
    try {
      await server.close();
    } finally {
      unlock();
      process.exit(0);
    }
  }
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch(function reportStartFailure(error: unknown) {
  if (error instanceof UsageError) {
    console.error(`server: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
  console.error(`server: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
