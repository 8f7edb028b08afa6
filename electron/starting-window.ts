// A small window for a slow start: a restore's check of its backup, the check after an unclean
// shutdown, or the migrations an upgrade brings can take from seconds to minutes on a large
// database, and the main window waits for the core. Without it the person who opened the app
// would see nothing at all, and might switch the PC off in the middle of a migration. Electron's
// pieces are injected, as in window.ts, so the behaviour is tested with fakes.
import type { BrowserWindowConstructorOptions } from 'electron';
import type { StartStep } from './core/core';
import { SECURE_WEB_PREFERENCES } from './security';
import { toPersianDigits } from '../shared/text/normalize';

/** A start that is done within this long opens no window: a first run migrates an empty file in ms. */
export const STARTING_WINDOW_DELAY_MS = 400;

export interface StartingWindowLike {
  readonly webContents: { loadURL(url: string): Promise<void> };
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  close(): void;
  isDestroyed(): boolean;
}

export interface StartingWindowDeps<W extends StartingWindowLike> {
  readonly BrowserWindow: new (options: BrowserWindowConstructorOptions) => W;
  readonly setTimeout: (run: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
  /** Hardens the window's contents as every other (window.ts's hardenWebContents). */
  readonly harden: (window: W) => void;
  readonly onLoadError?: (error: unknown) => void;
}

export interface StartingWindow {
  /** A slow step began; the window opens if the start is still going after the delay. */
  step(step: StartStep): void;
  /**
   * The start is over: the window closes, or never opens. Call it once another window is shown (or
   * just before the app exits): the last window closing quits the app.
   */
  done(): void;
}

interface StepText {
  readonly fa: string;
  readonly en: string;
}

function stepText(step: StartStep): StepText {
  switch (step.kind) {
    case 'check':
      return {
        fa: 'بررسی سلامت پایگاه داده، چون برنامه دفعهٔ پیش درست بسته نشد…',
        en: 'Checking the database, as the app was not closed properly last time…',
      };
    case 'restore':
      return {
        fa: 'بازگردانی آخرین پشتیبان سالم: بررسی کامل فایل پشتیبان…',
        en: 'Restoring the latest good backup: checking the backup file in full…',
      };
    case 'migration':
      return {
        fa: `به‌روزرسانی پایگاه داده برای نسخهٔ جدید: مرحلهٔ ${toPersianDigits(step.index)} از ${toPersianDigits(step.total)}…`,
        en: `Updating the database for the new version: step ${step.index} of ${step.total}…`,
      };
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page the window shows for a step: static, no script, right to left, both languages. */
export function startingPageHtml(step: StartStep): string {
  const text = stepText(step);
  return `<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>پیشخوان — Pishkhan</title>
<style>
  body { margin: 0; padding: 20px 24px; font: 15px/1.8 Vazirmatn, Tahoma, 'Segoe UI', sans-serif;
         color: #1e293b; background: #f8fafc; }
  h1 { margin: 0 0 8px; font-size: 18px; }
  p { margin: 0 0 8px; }
  .en { direction: ltr; text-align: left; color: #475569; font-size: 13px; }
  .hint { margin-top: 14px; color: #92400e; }
</style>
</head>
<body>
<h1>پیشخوان در حال آماده شدن است</h1>
<p id="step">${escapeHtml(text.fa)}</p>
<p class="en" lang="en">${escapeHtml(text.en)}</p>
<p class="hint">روی پایگاه دادهٔ بزرگ این کار ممکن است چند دقیقه طول بکشد. لطفاً برنامه یا رایانه را خاموش نکنید.</p>
<p class="en" lang="en">On a large database this can take a few minutes. Please do not close the app or turn off the computer.</p>
</body>
</html>`;
}

export function startingPageUrl(step: StartStep): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(startingPageHtml(step))}`;
}

export function startingWindow<W extends StartingWindowLike>(deps: StartingWindowDeps<W>): StartingWindow {
  let latest: StartStep | null = null;
  let timer: unknown = null;
  let window: W | null = null;
  let over = false;

  function show(step: StartStep): void {
    if (!window || window.isDestroyed()) return;
    window.webContents.loadURL(startingPageUrl(step)).catch((error: unknown) => deps.onLoadError?.(error));
  }

  function open(): void {
    timer = null;
    if (over || !latest) return;
    window = new deps.BrowserWindow({
      width: 560,
      height: 380,
      resizable: false,
      maximizable: false,
      fullscreenable: false,
      title: 'پیشخوان — Pishkhan',
      backgroundColor: '#f8fafc',
      autoHideMenuBar: true,
      // The set every window has, with no preload, no DevTools and no JavaScript: the page is static.
      webPreferences: { ...SECURE_WEB_PREFERENCES, javascript: false, devTools: false },
    });
    deps.harden(window);
    // Closing it would quit the app (the main window does not exist yet) in the middle of the
    // step; a migration would roll back and run again at the next start. It closes when done.
    window.on('close', function keepOpenUntilDone(event) {
      if (!over) event.preventDefault();
    });
    show(latest);
  }

  return {
    step(step) {
      if (over) return;
      latest = step;
      if (window) show(step);
      else if (timer === null) timer = deps.setTimeout(open, STARTING_WINDOW_DELAY_MS);
    },
    done() {
      over = true;
      if (timer !== null) deps.clearTimeout(timer);
      timer = null;
      if (window && !window.isDestroyed()) window.close();
      window = null;
    },
  };
}
