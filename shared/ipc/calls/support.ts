import { z } from 'zod';
import { call } from '../call';
import { emptyInput } from '../schemas';

/**
 * Support (issue 7 §4): "save diagnostics" for managers — one folder with versions, the doctor's
 * health summary and the redacted logs, never passwords, keys or citizens' data. Spread into the
 * contract.
 */
export const supportCalls = {
  'diagnostics.save': call({
    input: emptyInput,
    output: z.strictObject({
      /** The bundle folder, on this PC (the app then shows it in the file manager). */
      folder: z.string(),
      files: z.array(z.string()),
    }),
    access: 'manager',
  }),
  /**
   * The system's own folder or file dialog, for the backup folder and a backup to restore from. The
   * core only checks the role and answers null; the main process shows the dialog and answers with
   * what the person chose (null when they cancelled).
   */
  'files.choose': call({
    input: z.strictObject({ kind: z.enum(['folder', 'backup']) }),
    output: z.strictObject({ path: z.string().nullable() }),
    access: 'manager',
  }),
} as const;
