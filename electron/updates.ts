import { BrowserWindow, app, dialog } from 'electron';
import electronUpdater from 'electron-updater';
import { log } from './logging';
import {
  createUpdatePolicy,
  updateFeedUrl,
  type BusyReason,
  type ManagerAnswer,
  type ReadyUpdate,
  type UpdatePolicy,
} from './update-policy';

/**
 * Auto-update, thin: electron-updater downloads from the generic feed whose base URL the office's
 * settings hold, and electron/update-policy.ts decides when to install (ask the manager; never
 * during an open transaction or a running sync).
 *
 * Checks on what is installed:
 *  - every download's sha512 is compared with the one in latest.yml / latest-linux.yml (electron-
 *    updater refuses a mismatch), and the feed must be https (update-policy.ts);
 *  - on Windows the installer's Authenticode signature must be from the publisher named in the
 *    packaged app-update.yml (electron-builder.yml win.signtoolOptions.publisherName,
 *    verifyUpdateCodeSignature: true); changing the feed URL here does not change that name;
 *  - no downgrades, no pre-releases; nothing installs when the app quits without the manager
 *    having agreed.
 */
export interface UpdateDeps {
  /** The update feed's base URL from the settings; null or empty turns updates off. */
  feedBaseUrl(): string | null | Promise<string | null>;
  /** What the core is doing: an open transaction or a running sync blocks the restart. */
  busy(): BusyReason | null | Promise<BusyReason | null>;
  /** The window the question is shown over. */
  window(): BrowserWindow | null;
  /** Called before quitAndInstall so the core closes the database cleanly first. */
  beforeInstall(): Promise<void>;
  readonly checkEveryMs?: number;
}

export interface Updates {
  checkNow(): Promise<void>;
  /** The core reports the counter idle (transaction saved, sync done): try a waiting update. */
  idle(): void;
  stop(): void;
}

const SIX_HOURS = 6 * 60 * 60_000;

async function askManager(owner: BrowserWindow | null, update: ReadyUpdate): Promise<ManagerAnswer> {
  const options = {
    type: 'question' as const,
    buttons: ['راه‌اندازی دوباره و نصب — Restart and install', 'بعداً — Later'],
    defaultId: 1,
    cancelId: 1,
    title: 'به‌روزرسانی پیشخوان — Pishkhan update',
    message: `نسخهٔ ${update.version} پیشخوان آماده است. برنامه برای نصب بسته و دوباره باز می‌شود.`,
    detail: `Pishkhan ${update.version} is ready. The app will close and reopen to install it.`,
  };
  const { response } = owner
    ? await dialog.showMessageBox(owner, options)
    : await dialog.showMessageBox(options);
  return response === 0 ? 'restart_now' : 'later';
}

export function startUpdates(deps: UpdateDeps): Updates {
  const noop: Updates = { checkNow: async () => undefined, idle: () => undefined, stop: () => undefined };
  if (!app.isPackaged) {
    log.info('updates: off when running from source');
    return noop;
  }

  // Read only here: electron-updater creates the platform's updater on first access.
  const { autoUpdater } = electronUpdater;
  autoUpdater.logger = log;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.allowDowngrade = false;
  autoUpdater.allowPrerelease = false;

  const policy: UpdatePolicy = createUpdatePolicy({
    busy: () => deps.busy(),
    askManager: (update) => askManager(deps.window(), update),
    install() {
      void deps.beforeInstall().finally(function installNow() {
        autoUpdater.quitAndInstall(false, true);
      });
    },
    setTimer(run, ms) {
      const timer = setTimeout(run, ms);
      return () => clearTimeout(timer);
    },
    log: (message) => log.info(`updates: ${message}`),
  });

  autoUpdater.on('update-downloaded', function offerDownloadedUpdate(info) {
    policy.updateDownloaded({ version: info.version, releaseDate: info.releaseDate });
  });
  autoUpdater.on('error', function logUpdateError(error) {
    log.warn(`updates: ${error.message}`);
  });

  async function checkNow(): Promise<void> {
    const url = updateFeedUrl(await deps.feedBaseUrl(), process.platform, process.arch);
    if (!url) {
      log.info('updates: no valid update feed URL in the settings');
      return;
    }
    autoUpdater.setFeedURL({ provider: 'generic', url, channel: 'latest' });
    try {
      await autoUpdater.checkForUpdates();
    } catch (error) {
      log.warn(`updates: check failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  void checkNow();
  const interval = setInterval(() => void checkNow(), deps.checkEveryMs ?? SIX_HOURS);
  return {
    checkNow,
    idle: () => void policy.offer(),
    stop() {
      clearInterval(interval);
      policy.dispose();
    },
  };
}
