// Type-only: erased at build time, so this module stays pure and loads in plain Node tests.
import type { WebPreferences } from 'electron';

/** The renderer is served from its own privileged scheme, never from file:// (which is too broad). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'pishkhan';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * What every Pishkhan window runs with. The page is treated as untrusted: it has no Node, runs
 * sandboxed in an isolated world, and reaches the core only through the preload's named methods.
 */
export const SECURE_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  spellcheck: false,
  navigateOnDragDrop: false,
} as const satisfies WebPreferences);

/** The window's webPreferences: the secure set, the preload, and DevTools only in development. */
export function windowWebPreferences(options: { readonly isDev: boolean; readonly preloadPath: string }) {
  return {
    ...SECURE_WEB_PREFERENCES,
    preload: options.preloadPath,
    devTools: options.isDev,
  } as const satisfies WebPreferences;
}

/**
 * The production Content-Security-Policy, sent with every response of the app scheme. Nothing
 * remote, no eval, no inline script. Styles: React's `style` props go through the CSSOM, which
 * CSP does not restrict, and Vite emits CSS as files, so `style-src 'self'` suffices; a library
 * that writes a `<style>` element at run time is blocked (see the report on Radix's scroll lock).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The development policy, for pages served by the Vite dev server only: React Refresh's preamble
 * is an inline script, Vite injects CSS as `<style>` elements, and HMR talks over a WebSocket.
 * Still no eval and nothing beyond the dev server's own origin.
 */
export function devContentSecurityPolicy(devServerUrl: string): string {
  const origin = new URL(devServerUrl).origin;
  const socket = origin.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    `script-src 'self' 'unsafe-inline' ${origin}`,
    `style-src 'self' 'unsafe-inline' ${origin}`,
    `font-src 'self' ${origin}`,
    `img-src 'self' data: ${origin}`,
    `connect-src 'self' ${origin} ${socket}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface TrustOptions {
  /** The Vite dev server; trusted only when given, which main.ts does only in development. */
  readonly devServerUrl?: string | undefined;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether a URL is Pishkhan's own renderer: `app://pishkhan/…`, or in development exactly the dev
 * server's origin. Used for navigation blocking and for the IPC sender-frame check, so a page that
 * somehow navigated elsewhere can neither stay there nor call the core.
 */
export function isTrustedRendererUrl(url: string, options: TrustOptions = {}): boolean {
  const parsed = parse(url);
  if (!parsed || parsed.username !== '' || parsed.password !== '') return false;
  // Node parses a non-special scheme's host as opaque (origin 'null'), so compare the parts.
  if (parsed.protocol === `${APP_SCHEME}:`) return parsed.host === APP_HOST && parsed.port === '';
  if (!options.devServerUrl) return false;
  const dev = parse(options.devServerUrl);
  if (!dev || (dev.protocol !== 'http:' && dev.protocol !== 'https:')) return false;
  return parsed.origin === dev.origin;
}
