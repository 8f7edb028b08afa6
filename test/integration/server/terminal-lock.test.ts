import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../../server/db/database';
import { migrate } from '../../../server/db/migrate';
import { lockChainHead, lockTerminal } from '../../../server/store/audit';
import { rememberNonce, revokeTerminal } from '../../../server/store/terminals';
import { BACKENDS, insertOfficeAndTerminal, withBareDatabase } from './harness';

const postgres = BACKENDS.find((b) => b.name === 'PostgreSQL')?.databaseUrl;
const LOCK_NOT_AVAILABLE = { code: '55P03' };

/** `work` in a transaction of its own (another connection of the pool), giving up on a lock after `ms`. */
function beside<T>(db: Database, ms: number, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.exec(`SET LOCAL lock_timeout = '${ms}ms'`);
    return work(tx);
  });
}

// PGlite runs one transaction at a time: two pushes never overlap there, so only PostgreSQL has
// anything to show.
describe.skipIf(!postgres)('the lock a push takes on its terminal (PostgreSQL)', () => {
  it("keeps out another push's trail and a revocation, but not the signature check of the terminal's other pushes", async () => {
    await withBareDatabase(postgres, async (db) => {
      await migrate(db);
      const terminal = randomUUID();
      await insertOfficeAndTerminal(db, terminal);
      await db.transaction(async (holder) => {
        // A push storing a stretch of the trail holds the chain head until it commits.
        expect(await lockChainHead(holder, terminal)).toBeNull();
        // Another request of the same terminal: its nonce goes in meanwhile (its foreign key on the
        // terminal's row does not wait), so the push goes on to its items.
        expect(await beside(db, 2_000, (tx) => rememberNonce(tx, terminal, 'n-beside', 1))).toBe(true);
        // Another push's trail, or settlement, waits for the first to commit.
        await expect(beside(db, 200, (tx) => lockChainHead(tx, terminal))).rejects.toMatchObject(
          LOCK_NOT_AVAILABLE,
        );
        await expect(beside(db, 200, (tx) => lockTerminal(tx, terminal))).rejects.toMatchObject(
          LOCK_NOT_AVAILABLE,
        );
        // And so does a revocation of the terminal.
        await expect(
          beside(db, 200, (tx) => revokeTerminal(tx, terminal, 'stolen', 1)),
        ).rejects.toMatchObject(LOCK_NOT_AVAILABLE);
      });
      // Once it committed, both go through.
      expect(await beside(db, 2_000, (tx) => lockChainHead(tx, terminal))).toBeNull();
      const [row] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM request_nonces WHERE terminal_id = $1',
        [terminal],
      );
      expect(row?.n).toBe(1);
    });
  });
});
