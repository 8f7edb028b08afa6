import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveRenderer } from '../../../electron/protocol';
import { contentTypeOf, resolveRendererFile } from '../../../electron/renderer-files';
import { CONTENT_SECURITY_POLICY } from '../../../electron/security';

const root = resolve('/opt/pishkhan/dist/renderer');

describe('resolveRendererFile', () => {
  it.each([
    ['app://pishkhan/index.html', 'index.html'],
    ['app://pishkhan/', 'index.html'],
    ['app://pishkhan', 'index.html'],
    ['app://pishkhan/assets/index-Bx1.js', join('assets', 'index-Bx1.js')],
    ['app://pishkhan/assets/vazirmatn%20font.woff2', join('assets', 'vazirmatn font.woff2')],
    ['app://pishkhan/assets/?v=1#x', join('assets', 'index.html')],
    ['app://pishkhan/assets/../index.html', 'index.html'],
  ])('maps %s into the renderer folder', (url, relative) => {
    expect(resolveRendererFile(root, url)).toBe(join(root, relative));
  });

  it.each([
    'app://pishkhan/../../etc/passwd',
    'app://pishkhan/%2e%2e/%2e%2e/etc/passwd',
    'app://pishkhan/%2fetc%2fpasswd',
  ])('keeps %s inside the root (dot segments collapse as in a browser)', (url) => {
    expect(resolveRendererFile(root, url)).toBe(join(root, 'etc', 'passwd'));
  });

  it.each([
    'app://pishkhan/..%2f..%2f..%2fetc%2fpasswd',
    'app://pishkhan/assets/..%2f..%2f..%2fsecret',
    'app://pishkhan/index.html%00.png',
    'app://pishkhan/%2e%2e%5c%2e%2e%5csecret',
    'app://pishkhan/..%5c..%5csecret',
    'app://pishkhan/C:%5cWindows%5cwin.ini',
    'app://pishkhan/C:/Windows/win.ini',
    'app://pishkhan/%E0%A4%A',
    'app://other/index.html',
    'app://pishkhan:1/index.html',
    'app://user@pishkhan/index.html',
    'file:///opt/pishkhan/dist/renderer/index.html',
    'https://pishkhan/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveRendererFile(root, url)).toBeNull();
  });

  it('never leaves the root, whatever the path', () => {
    const nasty = ['..', '%2e%2e', '%2E%2E', '.', '%2f', '%5c', 'a', '', '%00', '..%2f'];
    for (const a of nasty) {
      for (const b of nasty) {
        for (const c of nasty) {
          const file = resolveRendererFile(root, `app://pishkhan/${a}/${b}/${c}`);
          if (file !== null) expect(file.startsWith(root + sep)).toBe(true);
        }
      }
    }
  });
});

describe('contentTypeOf', () => {
  it('gives module scripts, styles and fonts their real types', () => {
    expect(contentTypeOf('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('/x/assets/index-Bx1.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/x/assets/index.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('/x/assets/Vazirmatn.woff2')).toBe('font/woff2');
    expect(contentTypeOf('/x/unknown.bin')).toBe('application/octet-stream');
  });
});

describe('serveRenderer', () => {
  let dir = '';
  let handler: ((request: Request) => Promise<Response> | Response) | null = null;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pishkhan-renderer-'));
    mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>پیشخوان</title>');
    writeFileSync(join(dir, 'renderer', 'assets', 'main.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'do not serve');
    serveRenderer(
      {
        handle(scheme, serve) {
          expect(scheme).toBe('app');
          handler = serve;
        },
      },
      join(dir, 'renderer'),
    );
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function get(url: string, method = 'GET'): Promise<Response> {
    if (!handler) throw new Error('no handler registered');
    return handler(new Request(url, { method }));
  }

  it('serves the renderer files with the CSP and their content type', async () => {
    const page = await get('app://pishkhan/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('پیشخوان');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const script = await get('app://pishkhan/assets/main.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 for missing files and for files outside the renderer, with the CSP', async () => {
    for (const url of [
      'app://pishkhan/missing.js',
      'app://pishkhan/%2e%2e/secret.txt',
      'app://pishkhan/assets/..%2f..%2fsecret.txt',
    ]) {
      const response = await get(url);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('do not serve');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://pishkhan/index.html', 'POST')).status).toBe(405);
    const head = await get('app://pishkhan/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
