import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../server/db/migrate';
import { migration0001 } from '../../../server/db/migrations/0001_initial';
import { migration0002 } from '../../../server/db/migrations/0002_settlements_audit';
import { MIGRATIONS } from '../../../server/db/migrations';
import { listChainBreaks } from '../../../server/store/audit';
import { BACKENDS, insertOfficeAndTerminal, withBareDatabase } from './harness';

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !backend.databaseUrl)(
    `server migrations 0002 (settlements and audit trails) and 0003 (accepting audit breaks) on ${backend.name}`,
    () => {
      it('keeps the items stored at version 1 and lets settlements and audit stretches in beside them', async () => {
        await withBareDatabase(backend.databaseUrl, async (db) => {
          expect(await migrate(db, [migration0001])).toBe(1);
          const terminal = randomUUID();
          const transaction = randomUUID();
          await insertOfficeAndTerminal(db, terminal);
          await db.exec(`
            INSERT INTO items (id, kind, office_id, terminal_id, body, body_sha256, tracking_code, transaction_id, status, received_at)
              VALUES ('${transaction}', 'transaction', 1, '${terminal}', '{"a":1}', 'h', '123401000001', '${transaction}', 'received', 5);
            INSERT INTO status_history (transaction_id, status, source, at) VALUES ('${transaction}', 'received', 'counter', 5);
          `);

          expect(await migrate(db, [migration0001, migration0002])).toBe(2);
          expect(await db.query('SELECT id::text AS id, kind, status, body FROM items ORDER BY seq')).toEqual(
            [{ id: transaction, kind: 'transaction', status: 'received', body: { a: 1 } }],
          );
          expect(await db.query('SELECT count(*)::int AS n FROM status_history')).toEqual([{ n: 1 }]);

          const settlement = randomUUID();
          await db.query(
            `INSERT INTO items (id, kind, office_id, terminal_id, body, body_sha256, received_at)
             VALUES ($1, 'day_settlement', 1, $2, '{}', 'h2', 6)`,
            [settlement, terminal],
          );
          await expect(
            db.query(
              `INSERT INTO items (id, kind, office_id, terminal_id, body, body_sha256, received_at)
               VALUES ($1, 'transaction', 1, $2, '{}', 'h3', 7)`,
              [randomUUID(), terminal],
            ),
          ).rejects.toThrow(/items_transaction_id_needed/);
          await expect(
            db.query(
              `INSERT INTO items (id, kind, office_id, terminal_id, body, body_sha256, received_at)
               VALUES ($1, 'receipt', 1, $2, '{}', 'h4', 8)`,
              [randomUUID(), terminal],
            ),
          ).rejects.toThrow(/items_kind_check/);

          // Migration 0003 (accepting audit breaks) keeps the breaks seen before it, open.
          await db.query(
            `INSERT INTO audit_chain_breaks (terminal_id, item_id, reason, at_seq, expected_prev_hash, received_prev_hash, seen_at)
             VALUES ($1, $2, 'audit_entry_rewritten', 4, 'a', 'b', 9)`,
            [terminal, randomUUID()],
          );
          expect(await migrate(db, MIGRATIONS.slice(0, 3))).toBe(3);
          expect(await listChainBreaks(db, { officeCode: '1234', afterId: 0, limit: 10 })).toEqual([
            expect.objectContaining({
              reason: 'audit_entry_rewritten',
              atSeq: 4,
              acceptedAt: null,
              acceptedNote: null,
              supersededEntries: null,
            }),
          ]);
          expect(await db.query('SELECT count(*)::int AS n FROM audit_entries_superseded')).toEqual([
            { n: 0 },
          ]);
        });
      });
    },
  );
}
