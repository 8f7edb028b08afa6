import { describe, expect, it } from 'vitest';
import { CALL_NAMES, channelOf } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/result';
import {
  registerIpc,
  type InvokeEvent,
  type IpcMainLike,
  type SenderContents,
  type SenderFrame,
} from '../../../electron/ipc-main';

type Handler = Parameters<IpcMainLike['handle']>[1];

class FakeContents implements SenderContents {
  readonly mainFrame: SenderFrame;
  private readonly destroyedListeners: (() => void)[] = [];
  constructor(
    readonly id: number,
    url: string,
  ) {
    this.mainFrame = { url };
  }
  once(_event: 'destroyed', listener: () => void): this {
    this.destroyedListeners.push(listener);
    return this;
  }
  destroy(): void {
    for (const listener of this.destroyedListeners.splice(0)) listener();
  }
}

function setup(options: { devServerUrl?: string; windowUrl?: string } = {}) {
  const handlers = new Map<string, Handler>();
  const forwarded: [string, string, unknown][] = [];
  const ended: string[] = [];
  const appWindow = new FakeContents(7, options.windowUrl ?? 'app://pishkhan/index.html');
  registerIpc({
    ipcMain: {
      handle(channel, listener) {
        expect(handlers.has(channel)).toBe(false);
        handlers.set(channel, listener);
      },
    },
    host: {
      call(sessionKey, name, input) {
        forwarded.push([sessionKey, name, input]);
        return Promise.resolve({ ok: true, value: { from: 'core' } });
      },
      endSession(sessionKey) {
        ended.push(sessionKey);
      },
    },
    trust: { devServerUrl: options.devServerUrl },
    isAppContents: (contents) => contents === appWindow,
  });
  function invoke(name: string, event: InvokeEvent, input: unknown): Promise<Result<unknown>> {
    const handler = handlers.get(`pishkhan:${name}`);
    if (!handler) throw new Error(`no handler for ${name}`);
    return handler(event, input);
  }
  return { handlers, forwarded, ended, appWindow, invoke };
}

const untrusted = { ok: false, error: { code: 'untrusted_sender', messageKey: 'errors.untrusted_sender' } };

describe('main-process IPC registration', () => {
  it('registers exactly one channel per call of the contract', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(CALL_NAMES.map(channelOf).sort());
  });

  it('forwards a call from the app window’s main frame, keyed by the window', async () => {
    const { appWindow, invoke, forwarded } = setup();
    const event = { sender: appWindow, senderFrame: appWindow.mainFrame };
    const input = { username: 'manager1', password: 'x' };
    expect(await invoke('session.login', event, input)).toEqual({ ok: true, value: { from: 'core' } });
    expect(forwarded).toEqual([['7', 'session.login', input]]);
  });

  it('refuses a subframe, a missing frame, a foreign page and another WebContents', async () => {
    const { appWindow, invoke, forwarded } = setup();
    const other = new FakeContents(8, 'app://pishkhan/index.html');
    const evil = new FakeContents(7, 'https://evil.example/');
    const cases: InvokeEvent[] = [
      { sender: appWindow, senderFrame: { url: 'app://pishkhan/index.html' } },
      { sender: appWindow, senderFrame: null },
      { sender: evil, senderFrame: evil.mainFrame },
      { sender: other, senderFrame: other.mainFrame },
    ];
    for (const event of cases) {
      expect(await invoke('app.info', event, {})).toMatchObject(untrusted);
    }
    expect(forwarded).toEqual([]);
  });

  it('refuses the dev server in production and accepts it only when configured', async () => {
    const production = setup({ windowUrl: 'http://localhost:5173/' });
    const prodWindow = production.appWindow;
    const prodEvent = { sender: prodWindow, senderFrame: prodWindow.mainFrame };
    expect(await production.invoke('app.info', prodEvent, {})).toMatchObject(untrusted);

    const development = setup({ windowUrl: 'http://localhost:5173/', devServerUrl: 'http://localhost:5173' });
    const devWindow = development.appWindow;
    const devEvent = { sender: devWindow, senderFrame: devWindow.mainFrame };
    expect(await development.invoke('app.info', devEvent, {})).toEqual({ ok: true, value: { from: 'core' } });
  });

  it('ends the window’s session once when its WebContents are destroyed', async () => {
    const { appWindow, invoke, ended } = setup();
    const event = { sender: appWindow, senderFrame: appWindow.mainFrame };
    await invoke('app.info', event, {});
    await invoke('session.current', event, {});
    appWindow.destroy();
    expect(ended).toEqual(['7']);
  });
});
