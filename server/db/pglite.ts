import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from './database';

/**
 * The embedded PostgreSQL (PGlite, WebAssembly) in a data folder: one connection in this process.
 * Every statement and transaction goes through one queue, so a transaction never sees another
 * request's statements in between.
 */
export async function openPglite(dataDir: string): Promise<Database> {
  await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  let tail: Promise<unknown> = Promise.resolve();

  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  }

  return {
    kind: 'pglite',
    query<Row extends object>(sql: string, params: readonly unknown[] = []) {
      return exclusive(async () => (await db.query<Row>(sql, [...params])).rows);
    },
    exec(sql: string) {
      return exclusive(async () => {
        await db.exec(sql);
      });
    },
    transaction(work) {
      return exclusive(() =>
        db.transaction(async (transaction) => {
          const tx: Queryable = {
            async query<Row extends object>(sql: string, params: readonly unknown[] = []) {
              return (await transaction.query<Row>(sql, [...params])).rows;
            },
            async exec(sql: string) {
              await transaction.exec(sql);
            },
          };
          return work(tx);
        }),
      );
    },
    async close() {
      await exclusive(() => db.close());
    },
  };
}
