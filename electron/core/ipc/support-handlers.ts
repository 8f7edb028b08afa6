import { join } from 'node:path';
import type { supportCalls } from '../../../shared/ipc/calls/support';
import { AppError } from '../../../shared/result';
import { saveDiagnostics } from '../diagnostics';
import type { HandlersFor } from './handlers';

/** Where diagnostics bundles are written: beside the database, in the terminal's data folder. */
export function diagnosticsDirOf(dataDir: string): string {
  return join(dataDir, 'diagnostics');
}

/** Handlers of the support calls (shared/ipc/calls/support.ts). */
export const supportHandlers: HandlersFor<keyof typeof supportCalls> = {
  async 'diagnostics.save'(ctx) {
    const { core, session } = ctx;
    if (!session) throw new AppError('not_logged_in');
    const bundle = await saveDiagnostics({
      db: core.db,
      nativeBinding: core.nativeBinding,
      dataDir: core.dataDir,
      logDir: core.logDir,
      outDir: diagnosticsDirOf(core.dataDir),
      versions: {
        app: core.appVersion,
        electron: process.versions['electron'],
        chrome: process.versions['chrome'],
        node: process.versions.node,
      },
      now: new Date(core.now()),
    });
    core.db.transaction(() => {
      core.audit.append({
        action: 'diagnostics_saved',
        actorUserId: session.userId,
        actorUsername: session.username,
        details: { files: bundle.files.length },
      });
    })();
    return { folder: bundle.folder, files: [...bundle.files] };
  },

  'files.choose'() {
    // The dialog is the main process's (electron/file-dialogs.ts); here only the role was checked.
    return { path: null };
  },
};
