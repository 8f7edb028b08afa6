import { describe, expect, it } from 'vitest';
import { SECURE_WEB_PREFERENCES } from '../../../electron/security';
import {
  createMainWindow,
  type MainWindowLike,
  type PermissionSession,
  type WindowOptions,
} from '../../../electron/window';

type Listener = (...args: never[]) => unknown;

/** Records what createMainWindow does with the window, as Electron's BrowserWindow would see it. */
class FakeWindow implements MainWindowLike {
  static created: FakeWindow[] = [];
  readonly options: WindowOptions;
  readonly loaded: string[] = [];
  readonly contentsListeners = new Map<string, Listener[]>();
  readonly windowListeners = new Map<string, Listener[]>();
  openHandler: ((details: { readonly url: string }) => { action: 'deny' }) | null = null;
  shown = false;

  readonly webContents = {
    on: (event: string, listener: Listener) => {
      this.contentsListeners.set(event, [...(this.contentsListeners.get(event) ?? []), listener]);
      return this.webContents;
    },
    setWindowOpenHandler: (handler: (details: { readonly url: string }) => { action: 'deny' }) => {
      this.openHandler = handler;
    },
    loadURL: (url: string) => {
      this.loaded.push(url);
      return Promise.resolve();
    },
  };

  constructor(options: WindowOptions) {
    this.options = options;
    FakeWindow.created.push(this);
  }

  once(event: string, listener: () => void): this {
    this.windowListeners.set(event, [...(this.windowListeners.get(event) ?? []), listener]);
    return this;
  }

  show(): void {
    this.shown = true;
  }

  /** Fires a navigation-like event and says whether some listener cancelled it. */
  emitPreventable(event: string, url: string): boolean {
    const listeners = this.contentsListeners.get(event) ?? [];
    expect(listeners.length).toBeGreaterThan(0);
    let prevented = false;
    const payload = {
      url,
      preventDefault() {
        prevented = true;
      },
    };
    for (const listener of listeners) (listener as (event: typeof payload) => void)(payload);
    return prevented;
  }
}

class FakeSession implements PermissionSession {
  request: Parameters<PermissionSession['setPermissionRequestHandler']>[0] | null = null;
  check: Parameters<PermissionSession['setPermissionCheckHandler']>[0] | null = null;
  setPermissionRequestHandler(
    handler: Parameters<PermissionSession['setPermissionRequestHandler']>[0],
  ): void {
    this.request = handler;
  }
  setPermissionCheckHandler(handler: Parameters<PermissionSession['setPermissionCheckHandler']>[0]): void {
    this.check = handler;
  }
}

function open(options: { isDev: boolean; devServerUrl?: string }) {
  const session = new FakeSession();
  const window = createMainWindow({
    BrowserWindow: FakeWindow,
    session,
    isDev: options.isDev,
    preloadPath: '/opt/pishkhan/dist/electron/preload.cjs',
    devServerUrl: options.devServerUrl,
  });
  return { window, session };
}

describe('the main window', () => {
  it('is created with the secure webPreferences, the preload, and no DevTools in production', () => {
    const { window } = open({ isDev: false });
    expect(window.options.webPreferences).toEqual({
      ...SECURE_WEB_PREFERENCES,
      preload: '/opt/pishkhan/dist/electron/preload.cjs',
      devTools: false,
    });
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect(window.options.show).toBe(false);
  });

  it('loads the packaged renderer in production, even when a dev server URL is around', () => {
    expect(open({ isDev: false }).window.loaded).toEqual(['app://pishkhan/index.html']);
    expect(open({ isDev: false, devServerUrl: 'http://localhost:5173' }).window.loaded).toEqual([
      'app://pishkhan/index.html',
    ]);
  });

  it('loads the dev server only in development, with DevTools', () => {
    const { window } = open({ isDev: true, devServerUrl: 'http://localhost:5173' });
    expect(window.loaded).toEqual(['http://localhost:5173']);
    expect(window.options.webPreferences?.devTools).toBe(true);
    expect(open({ isDev: true }).window.loaded).toEqual(['app://pishkhan/index.html']);
  });

  it('is shown once painted', () => {
    const { window } = open({ isDev: false });
    expect(window.shown).toBe(false);
    for (const listener of window.windowListeners.get('ready-to-show') ?? []) (listener as () => void)();
    expect(window.shown).toBe(true);
  });

  it.each(['will-navigate', 'will-redirect'])(
    '%s: cancels leaving the app, allows staying in it',
    (event) => {
      const { window } = open({ isDev: false });
      expect(window.emitPreventable(event, 'https://evil.example/phish')).toBe(true);
      expect(window.emitPreventable(event, 'file:///etc/passwd')).toBe(true);
      expect(window.emitPreventable(event, 'http://localhost:5173/')).toBe(true);
      expect(window.emitPreventable(event, 'app://pishkhan/index.html')).toBe(false);
    },
  );

  it('allows navigating within the dev server in development, and nowhere else', () => {
    const { window } = open({ isDev: true, devServerUrl: 'http://localhost:5173' });
    expect(window.emitPreventable('will-navigate', 'http://localhost:5173/')).toBe(false);
    expect(window.emitPreventable('will-navigate', 'http://localhost:5174/')).toBe(true);
    expect(window.emitPreventable('will-redirect', 'https://evil.example/')).toBe(true);
  });

  it('cancels every <webview>, whatever its URL', () => {
    const { window } = open({ isDev: false });
    expect(window.emitPreventable('will-attach-webview', 'app://pishkhan/index.html')).toBe(true);
    expect(window.emitPreventable('will-attach-webview', 'https://evil.example/')).toBe(true);
  });

  it('denies every new window', () => {
    const { window } = open({ isDev: false });
    expect(window.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(window.openHandler?.({ url: 'app://pishkhan/index.html' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    const { session } = open({ isDev: false });
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'usb',
    ]) {
      const answers: boolean[] = [];
      session.request?.({}, permission, (granted) => answers.push(granted));
      expect(answers).toEqual([false]);
      expect(session.check?.({}, permission)).toBe(false);
    }
  });
});
