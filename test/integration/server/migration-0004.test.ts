import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../server/db/migrate';
import { MIGRATIONS } from '../../../server/db/migrations';
import { BACKENDS, insertOfficeAndTerminal, withBareDatabase } from './harness';

const HASH = (c: string) => c.repeat(64);

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !backend.databaseUrl)(
    `server migration 0004 (settlements' audit heads) on ${backend.name}`,
    () => {
      it('takes each stored settlement’s head from its body as pushed and compares it with the trail already held', async () => {
        await withBareDatabase(backend.databaseUrl, async (db) => {
          expect(await migrate(db, MIGRATIONS.slice(0, 3))).toBe(3);
          const terminal = randomUUID();
          const auditItem = randomUUID();
          await insertOfficeAndTerminal(db, terminal);
          await db.exec(`
            INSERT INTO items (id, kind, office_id, terminal_id, body, body_sha256, received_at)
              VALUES ('${auditItem}', 'audit_batch', 1, '${terminal}', '{}', 'a', 1);
            INSERT INTO audit_entries (terminal_id, seq, at, terminal_label, action, details, prev_hash, hash, item_id, received_at)
              VALUES ('${terminal}', 1, 1, '1234-1', 'login', '{}', '${HASH('0')}', '${HASH('1')}', '${auditItem}', 1),
                     ('${terminal}', 2, 2, '1234-1', 'login', '{}', '${HASH('1')}', '${HASH('2')}', '${auditItem}', 1);
          `);
          // Four days as pushed before the server kept heads: the same as entry 2, another hash than
          // entry 1's, an entry not yet held, and a day closed before the trail had an entry.
          const days: [string, unknown][] = [
            ['2026-10-01', { seq: 2, hash: HASH('2') }],
            ['2026-10-02', { seq: 1, hash: HASH('9') }],
            ['2026-10-03', { seq: 5, hash: HASH('5') }],
            ['2026-10-04', null],
          ];
          for (const [i, [date, auditHead]] of days.entries()) {
            const item = randomUUID();
            await db.query(
              `INSERT INTO items (id, kind, office_id, terminal_id, body, body_sha256, received_at)
               VALUES ($1, 'day_settlement', 1, $2, $3::jsonb, $4, 2)`,
              [item, terminal, JSON.stringify({ businessDate: date, auditHead }), `s${i}`],
            );
            await db.query(
              `INSERT INTO day_settlements (item_id, day_id, office_id, terminal_id, business_date, opened_at, closed_at,
                 closed_by, transactions, total, municipal_total, office_total, expected_cash, counted_cash,
                 cash_difference, expected_card, card_slip_total, card_difference, unacknowledged_at_close, received_at)
               VALUES ($1, $2, 1, $3, $4::date, 1, 2, 'manager', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2)`,
              [item, randomUUID(), terminal, date],
            );
          }

          expect(await migrate(db, MIGRATIONS.slice(0, 4))).toBe(4);
          const rows = await db.query<{
            date: string;
            seq: number | null;
            hash: string | null;
            check: string;
            checked: boolean;
          }>(
            `SELECT business_date::text AS date, audit_head_seq::float8 AS seq, audit_head_hash AS hash,
               audit_head_check AS check, audit_head_checked_at IS NOT NULL AS checked
             FROM day_settlements ORDER BY business_date`,
          );
          expect(rows).toEqual([
            { date: '2026-10-01', seq: 2, hash: HASH('2'), check: 'matched', checked: true },
            { date: '2026-10-02', seq: 1, hash: HASH('9'), check: 'mismatched', checked: true },
            { date: '2026-10-03', seq: 5, hash: HASH('5'), check: 'pending', checked: false },
            { date: '2026-10-04', seq: null, hash: null, check: 'none', checked: false },
          ]);
          // A head is whole or absent, and only an absent one is 'none'.
          await expect(
            db.query(
              "UPDATE day_settlements SET audit_head_check = 'none' WHERE business_date = '2026-10-03'",
            ),
          ).rejects.toThrow(/day_settlements_audit_head_whole/);
        });
      });
    },
  );
}
