import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createBackup } from '../../../../electron/core/backup/backup';
import { dailyBackupIfDue } from '../../../../electron/core/backup/daily';
import { backupFileName } from '../../../../electron/core/backup/files';
import { useTempDirs } from '../../../support/tempdir';
import { officeWithSales } from './support';

/** Every file better-sqlite3 opens in this test process (the core's own database among them). */
const opened = vi.hoisted(() => [] as string[]);

vi.mock('better-sqlite3', async (importOriginal) => {
  const real = (await importOriginal<{ default: typeof import('better-sqlite3') }>()).default;
  class Counted extends real {
    constructor(file?: string | Buffer, options?: ConstructorParameters<typeof real>[1]) {
      opened.push(String(file));
      super(file, options);
    }
  }
  return { default: Counted };
});

describe('listing backups', () => {
  const tempDir = useTempDirs();

  it('opens a backup once, not at every list, rotation or daily check (a network folder stalls the counter)', async () => {
    const t = await officeWithSales(tempDir(), 1);
    const made: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      t.advance(60_000);
      made.push((await createBackup(t.core, { reason: 'manual', actor: null })).file);
    }
    const folder = dirname(made[0] ?? '');
    // A backup this process has not read yet (another counter's copy on the share, a start).
    const unread = join(
      folder,
      backupFileName(folder, t.core.now() + 1000, { officeCode: '1234', terminalNumber: 2 }),
    );
    copyFileSync(made[2] ?? '', unread);
    const backupsOpened = () => opened.filter((file) => dirname(file) === folder);
    opened.length = 0;
    // The daily check reads the names' dates only.
    expect(await dailyBackupIfDue(t.core)).toBeNull();
    expect(backupsOpened()).toEqual([]);
    // The list opens the unread one once; the others it knows already.
    for (let i = 0; i < 3; i += 1)
      expect(await t.call('backups.list', {})).toMatchObject({
        ok: true,
        value: { backups: [unread, ...[...made].reverse()].map((file) => ({ file })) },
      });
    expect(backupsOpened()).toEqual([unread]);
    opened.length = 0;
    // Rotation after the next backup opens that one alone.
    t.advance(60_000);
    const next = await createBackup(t.core, { reason: 'manual', actor: null });
    expect(backupsOpened().filter((file) => file !== next.file && !file.endsWith('.partial'))).toEqual([]);
    await t.close();
  });
});
