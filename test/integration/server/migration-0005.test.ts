import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../server/db/migrate';
import { MIGRATIONS } from '../../../server/db/migrations';
import { BACKENDS, insertOfficeAndTerminal, withBareDatabase } from './harness';

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !backend.databaseUrl)(
    `server migration 0005 (settlements' late voids) on ${backend.name}`,
    () => {
      it('records which stored settlement took each refund, the first one where two list it', async () => {
        await withBareDatabase(backend.databaseUrl, async (db) => {
          expect(await migrate(db, MIGRATIONS.slice(0, 4))).toBe(4);
          const terminal = randomUUID();
          await insertOfficeAndTerminal(db, terminal);
          const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
          // Three settlements as stored before: one took a and b, a later one b again and c, and an
          // older body with no late voids at all.
          const bodies: [string, unknown][] = [
            ['2026-10-01', { businessDate: '2026-10-01', lateVoids: [a, b] }],
            ['2026-10-02', { businessDate: '2026-10-02', lateVoids: [b, c] }],
            ['2026-10-03', { businessDate: '2026-10-03' }],
          ];
          const items: string[] = [];
          for (const [i, [date, body]] of bodies.entries()) {
            const item = randomUUID();
            items.push(item);
            await db.query(
              `INSERT INTO items (id, kind, office_id, terminal_id, body, body_sha256, received_at)
               VALUES ($1, 'day_settlement', 1, $2, $3::jsonb, $4, 2)`,
              [item, terminal, JSON.stringify(body), `s${i}`],
            );
            await db.query(
              `INSERT INTO day_settlements (item_id, day_id, office_id, terminal_id, business_date, opened_at, closed_at,
                 closed_by, transactions, total, municipal_total, office_total, expected_cash, counted_cash,
                 cash_difference, expected_card, card_slip_total, card_difference, unacknowledged_at_close, received_at,
                 audit_head_check)
               VALUES ($1, $2, 1, $3, $4::date, 1, 2, 'manager', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 'none')`,
              [item, randomUUID(), terminal, date],
            );
          }

          expect(await migrate(db, MIGRATIONS.slice(0, 5))).toBe(5);
          const rows = await db.query<{ id: string; item: string }>(
            `SELECT transaction_id::text AS id, item_id::text AS item FROM settlement_late_voids ORDER BY item_id, transaction_id`,
          );
          const byId = Object.fromEntries(rows.map((r) => [r.id, r.item]));
          expect(byId).toEqual({ [a]: items[0], [b]: items[0], [c]: items[1] });
          // One settlement per refund.
          await expect(
            db.query(
              'INSERT INTO settlement_late_voids (transaction_id, item_id, terminal_id) VALUES ($1, $2, $3)',
              [a, items[1], terminal],
            ),
          ).rejects.toThrow(/duplicate key|unique/i);
        });
      });
    },
  );
}
