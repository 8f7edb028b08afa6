import { errorShape, type Result } from '../shared/result';
import { createLogger } from './core/log';

const log = createLogger('file-dialogs');

export interface OpenDialogOptions {
  readonly properties: readonly ('openFile' | 'openDirectory' | 'createDirectory')[];
  readonly filters?: readonly { readonly name: string; readonly extensions: readonly string[] }[];
}

export interface FileDialogDeps<C> {
  /** `dialog.showOpenDialog`, parented to the window of these contents. */
  showOpenDialog(
    contents: C,
    options: OpenDialogOptions,
  ): Promise<{ readonly canceled: boolean; readonly filePaths: readonly string[] }>;
}

export type ChooseKind = 'folder' | 'backup';

export function openDialogOptions(kind: ChooseKind): OpenDialogOptions {
  return kind === 'folder'
    ? { properties: ['openDirectory', 'createDirectory'] }
    : {
        properties: ['openFile'],
        filters: [
          { name: 'Pishkhan backup', extensions: ['sqlite'] },
          { name: '*', extensions: ['*'] },
        ],
      };
}

function kindOf(input: unknown): ChooseKind | null {
  const kind = (input as { kind?: unknown } | null)?.kind;
  return kind === 'folder' || kind === 'backup' ? kind : null;
}

/**
 * The IPC `afterCall` hook for `files.choose`: once the core has checked the role, the system's
 * own dialog picks a folder or a backup file; the answer is its path, or null when cancelled. The
 * path is only a suggestion for a form: the call that uses it checks it again.
 */
export function createFileChooser<C>(deps: FileDialogDeps<C>) {
  return async function chooseAfterCore(
    name: string,
    sender: C,
    input: unknown,
    result: Readonly<{ ok: true; value: unknown }>,
  ): Promise<Result<unknown>> {
    if (name !== 'files.choose') return result;
    const kind = kindOf(input);
    if (!kind) return { ok: false, error: errorShape('invalid_input', { call: name }) };
    try {
      const choice = await deps.showOpenDialog(sender, openDialogOptions(kind));
      const path = choice.canceled ? null : (choice.filePaths[0] ?? null);
      return { ok: true, value: { path } };
    } catch (error) {
      log.error('the open dialog failed', error instanceof Error ? error.message : String(error));
      return { ok: false, error: errorShape('internal', { call: name }) };
    }
  };
}
