import { extname, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './security';

/**
 * Maps an `app://pishkhan/…` request to a file inside the renderer folder, or null. Pure, so the
 * path-traversal rules are tested without Electron: whatever the page asks for (encoded dots,
 * backslashes, NUL bytes, absolute paths), the answer is a file under `rootDir` or nothing.
 */
export function resolveRendererFile(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (
    url.protocol !== `${APP_SCHEME}:` ||
    url.host !== APP_HOST ||
    url.username !== '' ||
    url.password !== ''
  ) {
    return null;
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  // Built asset names never contain these; refusing them outright keeps Windows separators and
  // drive letters out of the resolution below.
  if (/[\0\\:]/.test(path)) return null;
  if (path === '' || path.endsWith('/')) path += 'index.html';
  const root = resolve(rootDir);
  const file = resolve(root, `.${sep}${path}`);
  // After resolving, anything outside the root (via `..`, a backslash on Windows, a drive letter)
  // no longer starts with it.
  if (!file.startsWith(root + sep)) return null;
  return file;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** Module scripts are refused by Chromium unless served with a JavaScript type. */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}
