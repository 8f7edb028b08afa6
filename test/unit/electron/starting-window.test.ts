import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SECURE_WEB_PREFERENCES } from '../../../electron/security';
import type { WindowOptions } from '../../../electron/window';
import {
  STARTING_WINDOW_DELAY_MS,
  startingPageHtml,
  startingWindow,
  type StartingWindowLike,
} from '../../../electron/starting-window';

/** Records what the starting window does, as Electron's BrowserWindow would see it. */
class FakeWindow implements StartingWindowLike {
  static created: FakeWindow[] = [];
  readonly options: WindowOptions;
  readonly loaded: string[] = [];
  readonly closeListeners: ((event: { preventDefault(): void }) => void)[] = [];
  destroyed = false;
  hardened = false;

  readonly webContents = {
    loadURL: (url: string) => {
      this.loaded.push(url);
      return Promise.resolve();
    },
  };

  constructor(options: WindowOptions) {
    this.options = options;
    FakeWindow.created.push(this);
  }

  on(_event: 'close', listener: (event: { preventDefault(): void }) => void): this {
    this.closeListeners.push(listener);
    return this;
  }

  /** What a click on the window's close button does: the listeners may keep it open. */
  userCloses(): boolean {
    let kept = false;
    for (const listener of this.closeListeners) listener({ preventDefault: () => (kept = true) });
    if (!kept) this.destroyed = true;
    return !kept;
  }

  close(): void {
    this.userCloses();
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** The page it shows now, decoded from its data: URL. */
  page(): string {
    const url = this.loaded.at(-1) ?? '';
    return decodeURIComponent(url.slice(url.indexOf(',') + 1));
  }
}

function controller() {
  return startingWindow({
    BrowserWindow: FakeWindow,
    setTimeout: (run, ms) => setTimeout(run, ms),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    harden: (window) => {
      window.hardened = true;
    },
  });
}

describe('the starting window', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeWindow.created = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never opens for a start that is over within the delay (a first run, a quick check)', () => {
    const starting = controller();
    starting.step({ kind: 'migration', index: 1, total: 8 });
    vi.advanceTimersByTime(STARTING_WINDOW_DELAY_MS - 1);
    starting.step({ kind: 'migration', index: 8, total: 8 });
    starting.done();
    vi.advanceTimersByTime(10_000);
    expect(FakeWindow.created).toHaveLength(0);
  });

  it('opens on a slow start with the latest step, follows the steps, and stays until the start is over', () => {
    const starting = controller();
    starting.step({ kind: 'check' });
    vi.advanceTimersByTime(STARTING_WINDOW_DELAY_MS / 2);
    starting.step({ kind: 'migration', index: 1, total: 2 });
    vi.advanceTimersByTime(STARTING_WINDOW_DELAY_MS / 2);
    expect(FakeWindow.created).toHaveLength(1);
    const window = FakeWindow.created[0] as FakeWindow;
    expect(window.hardened).toBe(true);
    expect(window.options.webPreferences).toEqual({
      ...SECURE_WEB_PREFERENCES,
      javascript: false,
      devTools: false,
    });
    expect(window.loaded[0]).toMatch(/^data:text\/html;charset=utf-8,/);
    expect(window.page()).toContain('مرحلهٔ ۱ از ۲');

    starting.step({ kind: 'migration', index: 2, total: 2 });
    expect(window.page()).toContain('مرحلهٔ ۲ از ۲');
    expect(window.page()).toContain('step 2 of 2');
    // Closing it by hand would quit the app in the middle of a migration.
    expect(window.userCloses()).toBe(false);
    expect(window.isDestroyed()).toBe(false);

    starting.done();
    expect(window.isDestroyed()).toBe(true);
    starting.step({ kind: 'check' });
    expect(FakeWindow.created).toHaveLength(1);
    expect(window.loaded).toHaveLength(2);
  });
});

describe('the starting page', () => {
  it('says what the step is in Persian and English, right to left, with no script allowed', () => {
    const check = startingPageHtml({ kind: 'check' });
    expect(check).toContain('<html lang="fa" dir="rtl">');
    expect(check).toContain("default-src 'none'");
    expect(check).not.toMatch(/<script/i);
    expect(check).toContain('بررسی سلامت پایگاه داده');
    expect(check).toContain('the app was not closed properly last time');
    expect(check).toContain('لطفاً برنامه یا رایانه را خاموش نکنید');

    const restore = startingPageHtml({ kind: 'restore' });
    expect(restore).toContain('بازگردانی آخرین پشتیبان سالم');
    expect(restore).toContain('Restoring the latest good backup');

    const migration = startingPageHtml({ kind: 'migration', index: 3, total: 12 });
    expect(migration).toContain('مرحلهٔ ۳ از ۱۲');
    expect(migration).toContain('Updating the database for the new version: step 3 of 12');
  });
});
