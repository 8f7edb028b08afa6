import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkOnThread, copyAndCheckOnThread } from '../../../../electron/core/backup/check-thread';
import { useTempDirs } from '../../../support/tempdir';
import { officeWithSales } from './support';

describe('the database thread', () => {
  const tempDir = useTempDirs();

  it("counts a copy's transactions on the thread, so the core's thread does not read the whole index", async () => {
    const dataDir = tempDir();
    const t = await officeWithSales(dataDir, 4);
    const copy = join(tempDir(), 'copy.sqlite');
    const answer = await copyAndCheckOnThread(t.core.databaseFile, copy, { full: false });
    expect(answer).toEqual({ ok: true, lines: ['ok'], transactions: 4 });
    expect(await checkOnThread(copy, { full: true })).toEqual({ ok: true, lines: ['ok'], transactions: 4 });
    t.core.close();
  });

  it('answers a sound file without transactions as sound, with no count (what such a file is, is for the caller)', async () => {
    const file = join(tempDir(), 'other.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES (1)');
    db.close();
    expect(await checkOnThread(file, { full: false })).toEqual({
      ok: true,
      lines: ['ok'],
      transactions: null,
    });
  });
});
