import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackup } from '../../../electron/core/backup/backup';
import { restorePreview } from '../../../electron/core/backup/restore';
import { openCore } from '../../../electron/core/core';
import { createDispatcher } from '../../../electron/core/ipc/dispatch';
import { diagnosticsDirOf } from '../../../electron/core/ipc/support-handlers';
import { counterWaitRow, whileCounterAsks } from '../counter-probe';
import type { LargeDb } from '../large-db';
import { ms, round, type Row } from '../stats';

/**
 * What the database checks cost on a large terminal (issue 5 §6): quick_check (what a start after
 * an unclean shutdown or a week without a check runs, and the automatic backups on their copy),
 * integrity_check (what "back up now" and the CLI run on the copy), a whole backup of each kind,
 * and a restore's preview. Warm cache:
 * the first read of a cold disk is slower still (about 31 s for quick_check on a million
 * transactions, measured once on the build machine), which is why the start does not check every time.
 */
export async function integrityScenario(db: LargeDb): Promise<Row[]> {
  const core = openCore({ dataDir: db.dataDir });
  const dispatcher = createDispatcher(core);
  const login = await dispatcher.call('bench', 'session.login', {
    username: 'manager',
    password: 'bench password',
  });
  if (!login.ok) throw new Error(login.error.code);
  const someCode = () => db.trackingCodeOf(1 + Math.floor(Math.random() * db.count));
  const folder = mkdtempSync(join(tmpdir(), 'pishkhan-bench-backups-'));
  try {
    const timed = <T>(run: () => T): [T, number] => {
      const t0 = process.hrtime.bigint();
      const value = run();
      return [value, ms(t0)];
    };
    core.db.pragma('quick_check');
    const [, quick] = timed(() => core.db.pragma('quick_check'));
    const [, full] = timed(() => core.db.pragma('integrity_check'));
    let t0 = process.hrtime.bigint();
    const { value: daily, waits: dailyWaits } = await whileCounterAsks(dispatcher, someCode, () =>
      createBackup(core, { reason: 'daily', actor: null, folder }),
    );
    const dailyMs = ms(t0);
    t0 = process.hrtime.bigint();
    const { waits: manualWaits } = await whileCounterAsks(dispatcher, someCode, () =>
      createBackup(core, { reason: 'manual', actor: null, folder }),
    );
    const manualMs = ms(t0);
    t0 = process.hrtime.bigint();
    await restorePreview(core, daily.file);
    const previewMs = ms(t0);
    // "Save diagnostics" (support asks for it) checks the live database: quick_check and foreign keys.
    t0 = process.hrtime.bigint();
    const { value: saved, waits: diagnosticsWaits } = await whileCounterAsks(dispatcher, someCode, () =>
      dispatcher.call('bench', 'diagnostics.save', {}),
    );
    const diagnosticsMs = ms(t0);
    if (!saved.ok) throw new Error(`diagnostics.save: ${saved.error.code}`);
    rmSync(diagnosticsDirOf(db.dataDir), { recursive: true, force: true });
    const note = `${db.count.toLocaleString('en-US')} transactions, ${Math.round(daily.sizeBytes / 1048576)} MB, warm cache`;
    return [
      { scenario: 'check-quick', metric: 'time', value: round(quick, 1), unit: 'ms', note },
      { scenario: 'check-integrity', metric: 'time', value: round(full, 1), unit: 'ms', note },
      {
        scenario: 'backup-daily',
        metric: 'time',
        value: round(dailyMs, 1),
        unit: 'ms',
        note: 'a snapshot copied and verified with quick_check on a thread of its own (daily and after a day close)',
      },
      {
        scenario: 'backup-manual',
        metric: 'time',
        value: round(manualMs, 1),
        unit: 'ms',
        note: 'a snapshot copied and verified with integrity_check on a thread of its own (back up now, and the CLI)',
      },
      counterWaitRow('lookup-during-daily-backup', dailyWaits, 'the daily backup ran'),
      counterWaitRow('lookup-during-manual-backup', manualWaits, 'a manual backup ran'),
      {
        scenario: 'diagnostics-save',
        metric: 'time',
        value: round(diagnosticsMs, 1),
        unit: 'ms',
        note: 'save diagnostics: quick_check, foreign_key_check and row counts of the live database (on a thread of their own), versions, logs',
      },
      counterWaitRow('lookup-during-diagnostics', diagnosticsWaits, 'diagnostics were saved'),
      {
        scenario: 'restore-preview',
        metric: 'time',
        value: round(previewMs, 1),
        unit: 'ms',
        note: 'integrity_check of the backup and the newer/unsynced counts',
      },
    ];
  } finally {
    core.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
