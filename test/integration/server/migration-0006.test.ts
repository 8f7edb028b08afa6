import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../../server/db/database';
import { migrate } from '../../../server/db/migrate';
import { MIGRATIONS } from '../../../server/db/migrations';
import { insertAuditEntries } from '../../../server/store/audit';
import {
  insertHistory as storeHistory,
  insertItems as storeItems,
  type NewItem,
} from '../../../server/store/items';
import { BACKENDS, insertOfficeAndTerminal, withBareDatabase } from './harness';

const MISSING_PARENT = { code: '23503' };
const KEPT = { code: '23001' };

async function count(db: Queryable, table: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row?.n ?? -1;
}

/** Transactions as the push stores them: several rows in one statement. */
function insertItems(db: Queryable, rows: { id: string; office: number; terminal: string }[]) {
  return db.query(
    `INSERT INTO items (id, kind, office_id, terminal_id, body, body_sha256, tracking_code, transaction_id, status, received_at)
     SELECT u.id, 'transaction', u.office, u.terminal, '{}'::jsonb, 'sha', u.id::text, u.id, 'received', 1
     FROM unnest($1::uuid[], $2::int[], $3::uuid[]) AS u(id, office, terminal)`,
    [rows.map((r) => r.id), rows.map((r) => r.office), rows.map((r) => r.terminal)],
  );
}

function newTransaction(id: string): NewItem {
  return {
    id,
    kind: 'transaction',
    bodyJson: '{"n":1}',
    bodySha256: 'sha',
    trackingCode: id,
    transactionId: id,
    status: 'received',
  };
}

function auditEntry(seq: number) {
  return {
    seq,
    at: 1,
    actorUserId: null,
    actorUsername: null,
    terminal: 'T1',
    action: 'transaction.save',
    entity: null,
    entityId: null,
    details: '{}',
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
  };
}

/** First statuses through the store's own insert, one statement. */
function insertHistory(db: Queryable, transactionIds: string[]) {
  return storeHistory(
    db,
    transactionIds.map((transactionId) => ({
      transactionId,
      status: 'received',
      source: 'counter',
      reason: null,
      actor: null,
    })),
    1,
  );
}

/** Audit entries of one terminal through the store's own insert, one statement. */
function insertAudit(db: Queryable, terminal: string, rows: { seq: number; item: string }[]) {
  return insertAuditEntries(
    db,
    rows.map((r) => ({ itemId: r.item, entry: auditEntry(r.seq) })),
    { terminalId: terminal, now: 1 },
  );
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !backend.databaseUrl)(
    `server migration 0006 (references checked per statement) on ${backend.name}`,
    () => {
      it('keeps what was stored, and refuses a statement with any row whose parent is missing', async () => {
        await withBareDatabase(backend.databaseUrl, async (db) => {
          expect(await migrate(db, MIGRATIONS.slice(0, 5))).toBe(5);
          const terminal = randomUUID();
          await insertOfficeAndTerminal(db, terminal);
          const before = randomUUID();
          await insertItems(db, [{ id: before, office: 1, terminal }]);
          await insertHistory(db, [before]);
          await insertAudit(db, terminal, [{ seq: 1, item: before }]);

          expect(await migrate(db, MIGRATIONS.slice(0, 6))).toBe(6);
          // What was stored before stays, and the per-row foreign keys of these tables are gone.
          expect([
            await count(db, 'items'),
            await count(db, 'status_history'),
            await count(db, 'audit_entries'),
          ]).toEqual([1, 1, 1]);
          const keys = await db.query<{ name: string }>(
            `SELECT conname AS name FROM pg_constraint
              WHERE contype = 'f' AND conrelid IN ('items'::regclass, 'status_history'::regclass, 'audit_entries'::regclass)`,
          );
          expect(keys).toEqual([]);

          // Items: a missing terminal or office in any row refuses the whole statement.
          const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
          await expect(
            insertItems(db, [
              { id: a, office: 1, terminal },
              { id: b, office: 1, terminal: randomUUID() },
            ]),
          ).rejects.toMatchObject({
            ...MISSING_PARENT,
            message: expect.stringMatching(/office or terminal/),
          });
          await expect(
            insertItems(db, [
              { id: a, office: 1, terminal },
              { id: b, office: 7, terminal },
            ]),
          ).rejects.toMatchObject(MISSING_PARENT);
          expect(await count(db, 'items')).toBe(1);
          await insertItems(db, [
            { id: a, office: 1, terminal },
            { id: b, office: 1, terminal },
          ]);
          expect(await count(db, 'items')).toBe(3);

          // Status history: every row's transaction must exist.
          await expect(insertHistory(db, [a, c])).rejects.toMatchObject({
            ...MISSING_PARENT,
            message: expect.stringMatching(/transaction does not exist/),
          });
          expect(await count(db, 'status_history')).toBe(1);
          await insertHistory(db, [a, b]);
          expect(await count(db, 'status_history')).toBe(3);

          // Audit entries: the item and the terminal must exist.
          await expect(
            insertAudit(db, terminal, [
              { seq: 2, item: a },
              { seq: 3, item: c },
            ]),
          ).rejects.toMatchObject({ ...MISSING_PARENT, message: expect.stringMatching(/item or terminal/) });
          await expect(insertAudit(db, randomUUID(), [{ seq: 2, item: a }])).rejects.toMatchObject(
            MISSING_PARENT,
          );
          expect(await count(db, 'audit_entries')).toBe(1);
          await insertAudit(db, terminal, [
            { seq: 2, item: a },
            { seq: 3, item: b },
          ]);
          expect(await count(db, 'audit_entries')).toBe(3);

          // In one transaction, as the push writes them: the item first, then what refers to it.
          await db.transaction(async (tx) => {
            await insertItems(tx, [{ id: c, office: 1, terminal }]);
            await insertHistory(tx, [c]);
            await insertAudit(tx, terminal, [{ seq: 4, item: c }]);
          });
          expect([
            await count(db, 'items'),
            await count(db, 'status_history'),
            await count(db, 'audit_entries'),
          ]).toEqual([4, 4, 4]);
        });
      });

      it('checks the statements the push runs, a skipped row beside a missing parent, and under another search path', async () => {
        await withBareDatabase(backend.databaseUrl, async (db) => {
          expect(await migrate(db, MIGRATIONS.slice(0, 6))).toBe(6);
          const terminal = randomUUID();
          await insertOfficeAndTerminal(db, terminal);
          const owner = { officeId: 1, terminalId: terminal, now: 1 };
          const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
          await db.transaction(async (tx) => {
            expect(await storeItems(tx, [newTransaction(a)], owner)).toBe(1);
            await insertHistory(tx, [a]);
            expect(await insertAudit(tx, terminal, [{ seq: 1, item: a }])).toBe(1);
          });

          // A batch from a terminal the server does not hold: refused whole, though one of its rows
          // is a retry the insert skips.
          const stranger = { ...owner, terminalId: randomUUID() };
          await expect(
            storeItems(db, [newTransaction(a), newTransaction(b)], stranger),
          ).rejects.toMatchObject({
            ...MISSING_PARENT,
            detail: expect.stringContaining(stranger.terminalId),
          });
          // Audit entries: the stored seq 1 is skipped, seq 2 names an item the server does not hold.
          await expect(
            insertAudit(db, terminal, [
              { seq: 1, item: a },
              { seq: 2, item: c },
            ]),
          ).rejects.toMatchObject({ ...MISSING_PARENT, detail: expect.stringContaining(c) });
          await expect(insertHistory(db, [c])).rejects.toMatchObject({
            ...MISSING_PARENT,
            detail: expect.stringMatching(new RegExp(`^id \\d+: transaction_id ${c}$`)),
          });
          expect([
            await count(db, 'items'),
            await count(db, 'status_history'),
            await count(db, 'audit_entries'),
          ]).toEqual([1, 1, 1]);

          // A session whose search path does not name the server's schema checks the same tables.
          const [{ schema } = { schema: '' }] = await db.query<{ schema: string }>(
            'SELECT current_schema() AS schema',
          );
          const underAnotherPath = (transactionId: string) =>
            db.transaction(async (tx) => {
              await tx.exec('SET LOCAL search_path TO pg_catalog');
              await tx.query(
                `INSERT INTO ${schema}.status_history (transaction_id, status, source, at) VALUES ($1, 'received', 'counter', 1)`,
                [transactionId],
              );
            });
          await underAnotherPath(a);
          await expect(underAnotherPath(c)).rejects.toMatchObject({
            ...MISSING_PARENT,
            message: expect.stringMatching(/transaction does not exist/),
          });
          expect(await count(db, 'status_history')).toBe(2);
        });
      });

      it('never changes a reference once written, and never deletes or renumbers a parent', async () => {
        await withBareDatabase(backend.databaseUrl, async (db) => {
          expect(await migrate(db, MIGRATIONS.slice(0, 6))).toBe(6);
          const terminal = randomUUID();
          await insertOfficeAndTerminal(db, terminal);
          const other = randomUUID();
          await db.query(
            `INSERT INTO terminals (id, office_id, number, public_key, enrolled_at) VALUES ($1, 1, 2, 'k2', 0)`,
            [other],
          );
          const [a, b] = [randomUUID(), randomUUID()];
          await insertItems(db, [
            { id: a, office: 1, terminal },
            { id: b, office: 1, terminal },
          ]);
          await insertHistory(db, [a]);
          await insertAudit(db, terminal, [{ seq: 1, item: a }]);

          const refused = [
            ['UPDATE items SET terminal_id = $1 WHERE id = $2', [other, a]],
            ['UPDATE items SET office_id = 2 WHERE id = $1', [a]],
            ['UPDATE status_history SET transaction_id = $1', [b]],
            ['UPDATE audit_entries SET item_id = $1', [b]],
            ['UPDATE audit_entries SET terminal_id = $1', [other]],
          ] as const;
          for (const [sql, params] of refused)
            await expect(db.query(sql, [...params]), sql).rejects.toMatchObject({
              ...MISSING_PARENT,
              message: expect.stringMatching(/never changed/),
            });
          // What a row's life does change still changes, and writing the same reference is no change.
          await db.query(`UPDATE items SET status = 'voided', terminal_id = terminal_id WHERE id = $1`, [a]);
          const [item] = await db.query<{ status: string; terminal: string }>(
            'SELECT status, terminal_id::text AS terminal FROM items WHERE id = $1',
            [a],
          );
          expect(item).toEqual({ status: 'voided', terminal });

          const kept = [
            'DELETE FROM items WHERE id = $1',
            'DELETE FROM terminals WHERE id = $1',
            'DELETE FROM offices WHERE id = 1',
            'TRUNCATE items CASCADE',
            'TRUNCATE terminals CASCADE',
            'TRUNCATE offices CASCADE',
            'UPDATE items SET id = gen_random_uuid() WHERE id = $1',
            'UPDATE terminals SET id = gen_random_uuid() WHERE id = $1',
            'UPDATE offices SET id = 9',
          ];
          for (const sql of kept) {
            const params = sql.includes('$1') ? [sql.includes('items') ? b : other] : [];
            await expect(db.query(sql, params), sql).rejects.toMatchObject({
              ...KEPT,
              message: expect.stringMatching(/never deleted or renumbered/),
            });
          }
          expect([
            await count(db, 'items'),
            await count(db, 'terminals'),
            await count(db, 'offices'),
          ]).toEqual([2, 2, 1]);
          // The rest of an office's or terminal's row still changes.
          await db.query(`UPDATE terminals SET revoked_at = 5 WHERE id = $1`, [other]);
          expect(await db.query('SELECT revoked_at::int AS r FROM terminals WHERE id = $1', [other])).toEqual(
            [{ r: 5 }],
          );
        });
      });
    },
  );
}
