import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import {
  BrowserWindow,
  Menu,
  app,
  dialog,
  ipcMain,
  powerMonitor,
  protocol,
  session,
  shell,
  type WebContents,
} from 'electron';
import { errorShape } from '../shared/result';
import { applicationMenuTemplate } from './app-menu';
import { appPaths } from './app-paths';
import { CoreOpenError, startCoreWorker, type CoreHost } from './core/host/worker-host';
import { createLogger } from './core/log';
import { chainAfterCalls, registerIpc, type AfterCall } from './ipc-main';
import { createFileChooser } from './file-dialogs';
import { startLogging } from './logging';
import { safeStorageSealer } from './key-store';
import { createReceiptPrinter, type PrintingDeps } from './printing';
import { registerAppSchemePrivileges, serveRenderer } from './protocol';
import { devContentSecurityPolicy, type TrustOptions } from './security';
import { CORE_STOPPED_TEXT, startupErrorText } from './startup-error';
import { recoveryOffer } from './startup-recovery';
import { startUpdates, type Updates } from './updates';
import { versionFlagText } from './version';
import { startingWindow } from './starting-window';
import { createMainWindow, hardenWebContents } from './window';

/**
 * The main process, kept thin: one instance, one window, the core in a worker thread, the IPC
 * wiring. Everything with logic lives in modules that are tested without Electron.
 */
const log = createLogger('main');

const DEFAULT_DEV_SERVER_URL = 'http://localhost:5173';

// Development only when running from source with --dev (npm run dev); a packaged app never loads
// the dev server, whatever its command line says.
const isDev = !app.isPackaged && process.argv.includes('--dev');
const devServerUrl = isDev ? (process.env.PISHKHAN_DEV_SERVER_URL ?? DEFAULT_DEV_SERVER_URL) : undefined;
const trust: TrustOptions = { devServerUrl };

let mainWindow: BrowserWindow | null = null;
let logging: ReturnType<typeof startLogging> | null = null;
let updates: Updates | null = null;
let host: CoreHost | null = null;
let coreClosed = false;

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function hardenEveryWebContents(_event: Electron.Event, contents: WebContents): void {
  hardenWebContents(contents, trust);
}

function applyDevContentSecurityPolicy(url: string): void {
  const policy = devContentSecurityPolicy(url);
  session.defaultSession.webRequest.onHeadersReceived(
    { urls: [`${new URL(url).origin}/*`] },
    function addDevPolicy(details, callback) {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
    },
  );
}

const printingDeps: Omit<PrintingDeps<WebContents>, 'documentsDir' | 'giveBack'> = {
  showSaveDialog(contents, options) {
    const dialogOptions = {
      defaultPath: options.defaultPath,
      filters: options.filters.map((filter) => ({ name: filter.name, extensions: [...filter.extensions] })),
    };
    const owner = BrowserWindow.fromWebContents(contents);
    return owner ? dialog.showSaveDialog(owner, dialogOptions) : dialog.showSaveDialog(dialogOptions);
  },
  writeFile(path, data) {
    return writeFile(path, data);
  },
};

/** After "save diagnostics", the new folder is shown in the file manager for the manager to send. */
const revealDiagnostics: AfterCall<WebContents> = async function revealDiagnostics(
  name,
  _sender,
  _input,
  result,
) {
  const value = result.value as { folder?: unknown } | null;
  if (name === 'diagnostics.save' && typeof value?.folder === 'string') shell.showItemInFolder(value.folder);
  return result;
};

const chooseFiles = createFileChooser<WebContents>({
  showOpenDialog(contents, options) {
    const dialogOptions = {
      properties: [...options.properties],
      ...(options.filters
        ? { filters: options.filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })) }
        : {}),
    };
    const owner = BrowserWindow.fromWebContents(contents);
    return owner ? dialog.showOpenDialog(owner, dialogOptions) : dialog.showOpenDialog(dialogOptions);
  },
});

function showFatalError(title: string, message: string): void {
  log.error(`${title}\n${message}`);
  dialog.showErrorBox(title, message);
}

async function startApp(): Promise<void> {
  const menu = applicationMenuTemplate(process.platform, isDev);
  if (menu !== 'default') Menu.setApplicationMenu(menu === 'none' ? null : Menu.buildFromTemplate(menu));
  const paths = appPaths(
    {
      bundleDir: __dirname,
      isPackaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      abi: process.versions.modules,
      userDataDir: app.getPath('userData'),
    },
    existsSync,
  );
  serveRenderer(protocol, paths.rendererDir);
  if (devServerUrl) applyDevContentSecurityPolicy(devServerUrl);

  // A packaged build whose installer rebuilt better-sqlite3 for Electron can do without the
  // separate binary; from source, npm start builds it (scripts/build-native-electron.mjs).
  const nativeBinding = existsSync(paths.nativeBinding) ? paths.nativeBinding : undefined;
  if (!nativeBinding)
    log.warn(`no Electron build of better-sqlite3 at ${paths.nativeBinding}; using the default`);

  // A damaged database is offered its latest good backup (startup-recovery.ts) before giving up.
  let restoreFrom: string | undefined;
  // Says what a slow start is doing (a restore's check of its backup, the check after an unclean
  // shutdown, an upgrade's migrations).
  const starting = startingWindow({
    BrowserWindow,
    setTimeout,
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    harden: (window) => hardenWebContents(window.webContents, trust),
    onLoadError: (error) => log.error('the starting window could not show its page', error),
  });
  for (;;) {
    try {
      host = await startCoreWorker({
        onStarting: (step) => starting.step(step),
        workerFile: paths.coreWorker,
        dataDir: paths.dataDir,
        nativeBinding,
        appVersion: app.getVersion(),
        logDir: logging?.logDir,
        restoreFrom,
        sealer: safeStorageSealer,
      });
      break;
    } catch (error) {
      const shape =
        error instanceof CoreOpenError
          ? error.error
          : errorShape('internal', { message: error instanceof Error ? error.message : String(error) });
      const offer = restoreFrom ? null : recoveryOffer(shape, paths.dataDir);
      if (offer) {
        log.error(`${offer.title}\n${offer.message}`);
        const choice = await dialog.showMessageBox({
          type: 'error',
          title: offer.title,
          message: offer.message,
          buttons: [...offer.buttons],
          defaultId: 0,
          cancelId: offer.buttons.length - 1,
          noLink: true,
        });
        if (offer.backupFile && choice.response === 0) {
          restoreFrom = offer.backupFile;
          continue;
        }
        starting.done();
        app.exit(1);
        return;
      }
      const text = startupErrorText(shape, paths.dataDir);
      showFatalError(text.title, text.message);
      starting.done();
      app.exit(1);
      return;
    }
  }

  // The core's clock watch must know a sleep from a change of the PC's clock (day/clock-watch.ts).
  const poweredCore = host;
  powerMonitor.on('suspend', function tellCoreSuspend() {
    poweredCore.power('suspend');
  });
  powerMonitor.on('resume', function tellCoreResume() {
    poweredCore.power('resume');
  });

  host.onUnexpectedExit(function quitAfterCoreStopped() {
    coreClosed = true;
    showFatalError(CORE_STOPPED_TEXT.title, CORE_STOPPED_TEXT.message);
    app.exit(1);
  });

  registerIpc({
    ipcMain,
    host,
    trust,
    isAppContents: (contents) => mainWindow !== null && contents === mainWindow.webContents,
    afterCall: chainAfterCalls<WebContents>(
      createReceiptPrinter({
        ...printingDeps,
        documentsDir: app.getPath('documents'),
        // The window's session, keyed by its WebContents as registerIpc keys it, gives the copy back.
        giveBack: (contents, request) =>
          poweredCore.receiptPrintCancelled(String(contents.id), {
            id: request.id,
            copyNumber: request.copyNumber,
            target: request.target,
          }),
      }),
      revealDiagnostics,
      chooseFiles,
    ),
  });

  mainWindow = createMainWindow({
    BrowserWindow,
    session: session.defaultSession,
    isDev,
    preloadPath: paths.preload,
    devServerUrl,
  });
  mainWindow.on('closed', function forgetMainWindow() {
    mainWindow = null;
  });
  // The starting window, if one opened, goes once this one is on screen (never before: the last
  // window closing quits the app).
  mainWindow.once('ready-to-show', function closeStartingWindow() {
    starting.done();
  });
  // Should the page never paint (a load failure is logged by window.ts), not beyond this.
  setTimeout(function closeStartingWindowAnyway() {
    starting.done();
  }, 15_000).unref();

  // Updates from the feed in the settings; the core says when a restart would interrupt work.
  const core = host;
  updates = startUpdates({
    feedBaseUrl: async () => (await core.updateState()).feedBaseUrl,
    busy: async () => (await core.updateState()).blocker,
    window: () => mainWindow,
    async beforeInstall() {
      await core.close();
      coreClosed = true;
    },
  });
}

function closeCoreBeforeQuit(event: Electron.Event): void {
  updates?.stop();
  updates = null;
  if (!host || coreClosed) return;
  // The database is closed cleanly (WAL checkpointed, running saves finished) before exiting.
  event.preventDefault();
  void host.close().finally(function quitForReal() {
    coreClosed = true;
    app.quit();
  });
}

function main(): void {
  const versionText = versionFlagText(process.argv);
  if (versionText !== null) {
    process.stdout.write(`${versionText}\n`);
    app.exit(0);
    return;
  }
  logging = startLogging(app.getPath('userData'));
  log.info(`Pishkhan ${app.getVersion()} starting (Electron ${process.versions.electron})`);
  // Both must happen before 'ready'.
  app.enableSandbox();
  registerAppSchemePrivileges(protocol);

  if (!app.requestSingleInstanceLock()) {
    // Two instances would open the same database and hold two sessions for one counter.
    app.quit();
    return;
  }
  app.on('second-instance', focusMainWindow);
  app.on('web-contents-created', hardenEveryWebContents);
  // One window per counter: closing it ends the app on every platform, so the core closes with it.
  app.on('window-all-closed', function quitWhenWindowCloses() {
    app.quit();
  });
  app.on('will-quit', closeCoreBeforeQuit);
  app
    .whenReady()
    .then(startApp)
    .catch(function reportStartFailure(error: unknown) {
      showFatalError('Pishkhan', error instanceof Error ? (error.stack ?? error.message) : String(error));
      app.exit(1);
    });
}

main();
