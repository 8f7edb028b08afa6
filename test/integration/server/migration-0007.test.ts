import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../server/db/migrate';
import { MIGRATIONS } from '../../../server/db/migrations';
import { isPublicKeyEnrolled } from '../../../server/store/terminals';
import { BACKENDS, insertOfficeAndTerminal, withBareDatabase } from './harness';

for (const backend of BACKENDS) {
  describe.skipIf(backend.name === 'PostgreSQL' && !backend.databaseUrl)(
    `server migration 0007 (terminal re-keyings) on ${backend.name}`,
    () => {
      it('keeps the terminals, records a re-keying for good, and counts its old key as enrolled', async () => {
        await withBareDatabase(backend.databaseUrl, async (db) => {
          expect(await migrate(db, MIGRATIONS.slice(0, 6))).toBe(6);
          const terminal = randomUUID();
          await insertOfficeAndTerminal(db, terminal);
          await db.query(`UPDATE terminals SET revoked_at = 5, revoked_reason = 'stolen' WHERE id = $1`, [
            terminal,
          ]);
          await db.query(
            `INSERT INTO activation_codes (code, office_id, created_at, expires_at) VALUES ('CODE', 1, 6, 100)`,
          );

          expect(await migrate(db)).toBe(7);
          expect(await db.query('SELECT id::text, public_key AS key FROM terminals')).toEqual([
            { id: terminal, key: 'k' },
          ]);
          await db.query(
            `INSERT INTO terminal_rekeys (terminal_id, old_public_key, new_public_key, revoked_at, revoked_reason,
               activation_code, rekeyed_at) VALUES ($1, 'k', 'k2', 5, 'stolen', 'CODE', 7)`,
            [terminal],
          );
          await db.query(`UPDATE terminals SET public_key = 'k2', revoked_at = NULL WHERE id = $1`, [
            terminal,
          ]);
          expect(await isPublicKeyEnrolled(db, 'k')).toBe(true);
          expect(await isPublicKeyEnrolled(db, 'k2')).toBe(true);
          expect(await isPublicKeyEnrolled(db, 'k3')).toBe(false);

          const KEPT = { code: '23001' };
          await expect(db.query(`UPDATE terminal_rekeys SET revoked_reason = 'x'`)).rejects.toMatchObject(
            KEPT,
          );
          await expect(db.query('DELETE FROM terminal_rekeys')).rejects.toMatchObject(KEPT);
          await expect(db.query('TRUNCATE terminal_rekeys')).rejects.toMatchObject(KEPT);
          // One code re-keys once, and a retired key is retired once.
          await expect(
            db.query(
              `INSERT INTO terminal_rekeys (terminal_id, old_public_key, new_public_key, revoked_at, activation_code,
                 rekeyed_at) VALUES ($1, 'k2', 'k3', 8, 'CODE', 9)`,
              [terminal],
            ),
          ).rejects.toMatchObject({ code: '23505' });
          expect(await db.query('SELECT count(*)::int AS n FROM terminal_rekeys')).toEqual([{ n: 1 }]);
        });
      });
    },
  );
}
