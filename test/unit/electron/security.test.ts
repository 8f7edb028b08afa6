import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  SECURE_WEB_PREFERENCES,
  devContentSecurityPolicy,
  isTrustedRendererUrl,
  windowWebPreferences,
} from '../../../electron/security';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('webPreferences', () => {
  it('isolates, sandboxes and strips Node from the page', () => {
    expect(SECURE_WEB_PREFERENCES).toEqual({
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
    });
    expect(Object.isFrozen(SECURE_WEB_PREFERENCES)).toBe(true);
  });

  it('allows DevTools only in development and keeps every secure setting', () => {
    const production = windowWebPreferences({ isDev: false, preloadPath: '/app/preload.cjs' });
    const development = windowWebPreferences({ isDev: true, preloadPath: '/app/preload.cjs' });
    expect(production).toEqual({ ...SECURE_WEB_PREFERENCES, preload: '/app/preload.cjs', devTools: false });
    expect(development).toEqual({ ...SECURE_WEB_PREFERENCES, preload: '/app/preload.cjs', devTools: true });
  });
});

describe('the Content-Security-Policy', () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it('denies everything by default and allows only the app itself', () => {
    expect(Object.fromEntries(policy)).toEqual({
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'font-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
  });

  it('has no eval, no inline code and no remote origin', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(
      /unsafe-eval|unsafe-inline|wasm-unsafe-eval|\*|https?:|wss?:/,
    );
  });

  it('in development adds only the dev server, and still no eval', () => {
    const dev = directives(devContentSecurityPolicy('http://localhost:5173/'));
    expect(dev.get('script-src')).toEqual(["'self'", "'unsafe-inline'", 'http://localhost:5173']);
    expect(dev.get('connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173']);
    expect(dev.get('default-src')).toEqual(["'none'"]);
    expect(devContentSecurityPolicy('http://localhost:5173')).not.toMatch(/unsafe-eval|\*/);
  });
});

describe('isTrustedRendererUrl', () => {
  it.each([
    APP_ENTRY_URL,
    'app://pishkhan/',
    'app://pishkhan/assets/index-abc.js',
    'app://pishkhan/index.html#/login',
  ])('trusts the packaged renderer: %s', (url) => {
    expect(isTrustedRendererUrl(url)).toBe(true);
  });

  it.each([
    'app://evil/index.html',
    'app://pishkhan.evil.com/index.html',
    'app://pishkhan:8080/index.html',
    'app://user@pishkhan/index.html',
    'app://user:pass@pishkhan/index.html',
    'https://pishkhan/index.html',
    'http://localhost:5173/',
    'file:///opt/pishkhan/resources/app.asar/dist/renderer/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
    '',
  ])('does not trust %s in production', (url) => {
    expect(isTrustedRendererUrl(url)).toBe(false);
  });

  const dev = { devServerUrl: 'http://localhost:5173' };

  it('trusts exactly the dev server origin in development', () => {
    expect(isTrustedRendererUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5173/src/main.tsx?t=1', dev)).toBe(true);
    expect(isTrustedRendererUrl(APP_ENTRY_URL, dev)).toBe(true);
  });

  it.each([
    'http://localhost:5174/',
    'https://localhost:5173/',
    'http://127.0.0.1:5173/',
    'http://localhost:5173.evil.com/',
    'http://localhost.evil.com:5173/',
    'http://user@localhost:5173/',
    'ws://localhost:5173/',
  ])('does not trust %s in development', (url) => {
    expect(isTrustedRendererUrl(url, dev)).toBe(false);
  });

  it('ignores a dev server URL that is not http(s)', () => {
    expect(isTrustedRendererUrl('file:///tmp/x.html', { devServerUrl: 'file:///tmp/x.html' })).toBe(false);
    expect(isTrustedRendererUrl('http://localhost/', { devServerUrl: 'nonsense' })).toBe(false);
  });
});
