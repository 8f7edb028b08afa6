// Electron's pieces are injected, not imported, so a unit test can hand in recording fakes and
// check what the window really does. Types only from 'electron'.
import type { BrowserWindowConstructorOptions } from 'electron';
import { createLogger } from './core/log';
import { APP_ENTRY_URL, isTrustedRendererUrl, windowWebPreferences, type TrustOptions } from './security';

const log = createLogger('window');

interface PreventableEvent {
  preventDefault(): void;
}

interface NavigationEvent extends PreventableEvent {
  readonly url: string;
}

/** The parts of a WebContents the hardening uses; Electron's WebContents satisfies it. */
export interface HardenableContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void;
}

/** The parts of a Session whose permission handlers are set; Electron's Session satisfies it. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

/** Re-exported so tests can type their fakes without importing 'electron' themselves. */
export type WindowOptions = BrowserWindowConstructorOptions;

export interface MainWindowLike {
  readonly webContents: HardenableContents & { loadURL(url: string): Promise<void> };
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
}

export interface MainWindowDeps<W extends MainWindowLike> {
  readonly BrowserWindow: new (options: BrowserWindowConstructorOptions) => W;
  /** The session the window uses (Electron's default session). */
  readonly session: PermissionSession;
  readonly isDev: boolean;
  readonly preloadPath: string;
  /** Loaded instead of the packaged files, and only when `isDev` is true. */
  readonly devServerUrl?: string | undefined;
}

/**
 * Cancels every navigation away from the app, every redirect to elsewhere, every `<webview>` and
 * every new window. Also applied to any WebContents the app ever creates (main.ts), as a second
 * line of defence behind the window's own settings.
 */
export function hardenWebContents(contents: HardenableContents, trust: TrustOptions): void {
  function blockUntrustedNavigation(event: NavigationEvent): void {
    if (isTrustedRendererUrl(event.url, trust)) return;
    log.warn('blocked a navigation away from the app', event.url.slice(0, 200));
    event.preventDefault();
  }
  function blockWebview(event: PreventableEvent): void {
    log.warn('blocked a <webview>');
    event.preventDefault();
  }
  function denyNewWindow(details: { readonly url: string }): { action: 'deny' } {
    log.warn('blocked a new window', details.url.slice(0, 200));
    return { action: 'deny' };
  }
  contents.on('will-navigate', blockUntrustedNavigation);
  contents.on('will-redirect', blockUntrustedNavigation);
  contents.on('will-attach-webview', blockWebview);
  contents.setWindowOpenHandler(denyNewWindow);
}

/** The counter needs no camera, microphone, location, notifications, USB or anything else. */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler(function denyPermissionRequest(_contents, permission, callback) {
    log.warn(`denied a permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(function denyPermissionCheck() {
    return false;
  });
}

/** The URL the window loads: the packaged renderer, or the dev server in development only. */
export function rendererEntryUrl(isDev: boolean, devServerUrl: string | undefined): string {
  return isDev && devServerUrl ? devServerUrl : APP_ENTRY_URL;
}

export function createMainWindow<W extends MainWindowLike>(deps: MainWindowDeps<W>): W {
  const devServerUrl = deps.isDev ? deps.devServerUrl : undefined;
  denyAllPermissions(deps.session);
  const window = new deps.BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    title: 'Pishkhan — پیشخوان',
    // Shown once painted, so the operator never sees a white flash at the counter.
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: windowWebPreferences({ isDev: deps.isDev, preloadPath: deps.preloadPath }),
  });
  hardenWebContents(window.webContents, { devServerUrl });
  window.once('ready-to-show', function showWhenPainted() {
    window.show();
  });
  const url = rendererEntryUrl(deps.isDev, devServerUrl);
  window.webContents.loadURL(url).catch(function reportLoadFailure(error: unknown) {
    log.error(`could not load ${url}`, error);
  });
  return window;
}
