import { describe, expect, it } from 'vitest';
import {
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

  it('counts twice the busiest day for each day since the newest sale, rounded up to a thousand', async () => {
    const t = await officeWithSales(tempDir(), 12);
    try {
      const db = t.core.db;
      const newest = (
        db.prepare('SELECT created_at AS at FROM transactions ORDER BY sequence DESC LIMIT 1').get() as {
          at: number;
        }
      ).at;
      expect(lastIssuedSequence(db)).toBe(12);
      // A quiet backup (12 sales in its one day) counts a day as 200 sales: 400 a day, a thousand at least.
      expect(blindRestoreMargin(db, newest + 3_600_000)).toBe(BLIND_RESTORE_MIN_MARGIN);
      // Eleven days since the newest sale (ten and a bit): 11 × 400 = 4,400, rounded up.
      expect(blindRestoreMargin(db, newest + 10 * DAY + 1)).toBe(5_000);
      // This PC's clock behind the backup's sales: one day.
      expect(blindRestoreMargin(db, newest - 5 * DAY)).toBe(BLIND_RESTORE_MIN_MARGIN);
      // A clock years ahead counts a year at most: 366 × 400.
      expect(blindRestoreMargin(db, newest + 5 * 365 * DAY)).toBe(147_000);

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

  it('steps over the minimum on a backup with no sales', async () => {
    const t = await officeWithSales(tempDir(), 0);
    try {
      expect(blindRestoreMargin(t.core.db, Date.now())).toBe(BLIND_RESTORE_MIN_MARGIN);
    } finally {
      await t.close();
    }
  });
});
