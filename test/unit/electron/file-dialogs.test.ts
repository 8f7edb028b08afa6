import { describe, expect, it } from 'vitest';
import { createFileChooser, type OpenDialogOptions } from '../../../electron/file-dialogs';
import { chainAfterCalls, type AfterCall } from '../../../electron/ipc-main';
import type { Result } from '../../../shared/result';

const coreOk = { ok: true, value: { path: null } } as const;

function chooser(answer: { canceled: boolean; filePaths: string[] } | Error) {
  const asked: { contents: string; options: OpenDialogOptions }[] = [];
  const hook = createFileChooser<string>({
    showOpenDialog(contents, options) {
      asked.push({ contents, options });
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  });
  return { hook, asked };
}

describe('files.choose in the main process', () => {
  it('opens a folder dialog that can create a folder, parented to the calling window, and answers its path', async () => {
    const { hook, asked } = chooser({ canceled: false, filePaths: ['D:\\پشتیبان'] });
    expect(await hook('files.choose', 'window-1', { kind: 'folder' }, coreOk)).toEqual({
      ok: true,
      value: { path: 'D:\\پشتیبان' },
    });
    expect(asked).toEqual([
      { contents: 'window-1', options: { properties: ['openDirectory', 'createDirectory'] } },
    ]);
  });

  it('opens a file dialog for backups, offering .sqlite first', async () => {
    const { hook, asked } = chooser({ canceled: false, filePaths: ['/media/usb/pishkhan-backup.sqlite'] });
    expect(await hook('files.choose', 'w', { kind: 'backup' }, coreOk)).toEqual({
      ok: true,
      value: { path: '/media/usb/pishkhan-backup.sqlite' },
    });
    expect(asked[0]?.options.properties).toEqual(['openFile']);
    expect(asked[0]?.options.filters?.[0]).toEqual({ name: 'Pishkhan backup', extensions: ['sqlite'] });
  });

  it('answers null when the person cancels, and a clean error when the dialog fails', async () => {
    expect(
      await chooser({ canceled: true, filePaths: [] }).hook('files.choose', 'w', { kind: 'folder' }, coreOk),
    ).toEqual({ ok: true, value: { path: null } });
    expect(
      await chooser(new Error('no display')).hook('files.choose', 'w', { kind: 'folder' }, coreOk),
    ).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(
      await chooser({ canceled: true, filePaths: [] }).hook('files.choose', 'w', { kind: 'disk' }, coreOk),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('leaves every other call alone and shows no dialog', async () => {
    const { hook, asked } = chooser({ canceled: false, filePaths: ['/x'] });
    const other = { ok: true, value: { anything: 1 } } as const;
    expect(await hook('backups.list', 'w', {}, other)).toBe(other);
    expect(asked).toEqual([]);
  });
});

describe('chainAfterCalls', () => {
  it('runs the hooks in turn and stops at the first refusal', async () => {
    const seen: string[] = [];
    const window = { id: 1, mainFrame: { url: 'app://pishkhan/' }, once: () => undefined };
    const tag =
      (label: string, refuse = false): AfterCall<typeof window> =>
      async (_name, _sender, _input, result) => {
        seen.push(label);
        return refuse
          ? ({
              ok: false,
              error: { code: 'internal', messageKey: 'errors.internal', details: {} },
            } as Result<unknown>)
          : { ok: true, value: [...(result.value as string[]), label] };
      };
    const start = { ok: true, value: [] as string[] } as const;
    expect(await chainAfterCalls(tag('a'), tag('b'))('app.info', window, {}, start)).toEqual({
      ok: true,
      value: ['a', 'b'],
    });
    seen.length = 0;
    expect(await chainAfterCalls(tag('a', true), tag('b'))('app.info', window, {}, start)).toMatchObject({
      ok: false,
    });
    expect(seen).toEqual(['a']);
  });
});
