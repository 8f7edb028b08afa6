import { join } from 'node:path';
import { DATABASE_FILE, openCore, type Core, type CoreOptions } from '../core';
import { updateHealth } from './health';
import { putBackupInPlace, requireRestorable } from './restore';
import { prepareRestoredCopy, salvagedDatabase, salvageHighestSequence } from './restore-copy';
import { withSqlitePathSync } from './sqlite-path';

/**
 * Starts from a backup when the database is damaged (the person chose it on the start screen or
 * with `pishkhan restore --force`): the backup is checked in full, the broken file is kept aside
 * as `pishkhan.sqlite.corrupt-<time>`, the backup is put in place and opened, and the restore is
 * the first thing in the restored trail.
 */
export function openCoreFromBackup(
  options: CoreOptions,
  backupFile: string,
  actor: { readonly userId: number | null; readonly username: string | null },
  reason: 'cli' | 'corrupt_on_start',
): { core: Core; keptAside: string | null } {
  // A full integrity check of the backup: tens of seconds on a large one (restore-preview in the
  // benchmark), with no window on screen yet at start.
  options.onStartStep?.({ kind: 'restore' });
  const databaseFile = join(options.dataDir, DATABASE_FILE);
  const now = options.now ?? Date.now;
  const keptAside = withSqlitePathSync(options.dataDir, backupFile, (openable) => {
    requireRestorable(backupFile, options.nativeBinding, openable);
    const highestSequence = salvageHighestSequence(databaseFile, options.nativeBinding);
    // The copy is complete (floor, entry) before it takes the broken file's place: a power cut
    // between the renames is finished at the next start with both (restore-copy.ts).
    return putBackupInPlace(databaseFile, openable, 'corrupt', now(), (copy, aside) =>
      prepareRestoredCopy(
        copy,
        {
          nativeBinding: options.nativeBinding,
          now,
          keptAside: aside,
          onMigrationStep: (step) => options.onStartStep?.({ kind: 'migration', ...step }),
        },
        {
          file: backupFile,
          actor,
          acceptUnsyncedLoss: true,
          reason,
          preview: null,
          // Nothing tells what the broken database handed out after the backup when it cannot be
          // read: the next code steps over as many as the counter could have issued since.
          replaced: salvagedDatabase(highestSequence),
        },
      ),
    );
  });
  // The app never closed the broken file cleanly; the restored one was just checked in full.
  updateHealth(options.dataDir, { open: false, lastCheckAt: now() });
  const core = openCore(options);
  return { core, keptAside };
}
