import { describe, expect, it } from 'vitest';
import {
  BLIND_RESTORE_CLOCK_BEHIND_DAYS,
  BLIND_RESTORE_MAX_DAYS,
  BLIND_RESTORE_MIN_MARGIN,
  blindRestoreMargin,
  lastIssuedSequence,
  raiseSequenceFloor,
} from '../../../../electron/core/transactions/sequence';
import { MAX_SEQUENCE } from '../../../../shared/tracking-code';
import { useTempDirs } from '../../../support/tempdir';
import { officeWithSales } from '../backup/support';

const DAY = 86_400_000;

describe('the codes a blind restore steps over', () => {
  const tempDir = useTempDirs();

  it('counts twice the busiest day for each day since the backup’s last activity, rounded up to a thousand', async () => {
    const t = await officeWithSales(tempDir(), 12);
    try {
      const db = t.core.db;
      // The backup's last activity: its newest sale, or a later entry of its trail.
      const newest = (
        db
          .prepare(
            `SELECT max((SELECT created_at FROM transactions ORDER BY sequence DESC LIMIT 1),
                        (SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1)) AS at`,
          )
          .get() as { at: number }
      ).at;
      expect(lastIssuedSequence(db)).toBe(12);
      // A quiet backup (12 sales in its one day) counts a day as 200 sales: 400 a day, a thousand at least.
      expect(blindRestoreMargin(db, newest + 3_600_000)).toBe(BLIND_RESTORE_MIN_MARGIN);
      // Eleven days since the newest sale (ten and a bit): 11 × 400 = 4,400, rounded up.
      expect(blindRestoreMargin(db, newest + 10 * DAY + 1)).toBe(5_000);
      // This PC's clock behind the backup's own activity is wrong, and the backup's age unknown:
      // 14 days × 400 = 5,600, rounded up.
      expect(BLIND_RESTORE_CLOCK_BEHIND_DAYS).toBe(14);
      expect(blindRestoreMargin(db, newest - 1)).toBe(6_000);
      expect(blindRestoreMargin(db, newest - 5 * DAY)).toBe(6_000);
      // A clock years ahead counts 60 days at most: 60 × 400.
      expect(BLIND_RESTORE_MAX_DAYS).toBe(60);
      expect(blindRestoreMargin(db, newest + 5 * 365 * DAY)).toBe(24_000);

      // A busier office: its busiest day (here 900 sales and voids) sets the pace.
      db.prepare('UPDATE report_day_groups SET count = 850, voided_count = 50').run();
      expect(
        (db.prepare('SELECT sum(count + voided_count) AS n FROM report_day_groups').get() as { n: number }).n,
      ).toBe(900);
      expect(blindRestoreMargin(db, newest + 3_600_000)).toBe(2_000);
      expect(blindRestoreMargin(db, newest + 2 * DAY + 1)).toBe(6_000);

      // Near the end of the terminal's codes: never more than half of those left.
      raiseSequenceFloor(db, MAX_SEQUENCE - 1_001);
      expect(blindRestoreMargin(db, newest + 2 * DAY + 1)).toBe(500);
      raiseSequenceFloor(db, MAX_SEQUENCE);
      expect(blindRestoreMargin(db, newest + 2 * DAY + 1)).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('counts the days of a backup with no sales from its trail', async () => {
    const t = await officeWithSales(tempDir(), 0);
    try {
      // Set up that day, no sale: 200 a day counted, from the trail's last entry.
      expect(blindRestoreMargin(t.core.db, t.core.now() + 3_600_000)).toBe(BLIND_RESTORE_MIN_MARGIN);
      expect(blindRestoreMargin(t.core.db, t.core.now() + 4 * DAY + 1)).toBe(2_000);
    } finally {
      await t.close();
    }
  });
});
