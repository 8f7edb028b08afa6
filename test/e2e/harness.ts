import { mkdtempSync, readFileSync, rmSync, statSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CALL_NAME_LIST } from '../../shared/ipc/call-names';
import type { ReceiptLayout } from '../../shared/ipc/schemas';
import { errorShape } from '../../shared/result';
import { openCore, type Core, type CoreOptions } from '../../electron/core/core';
import { backupsIdle } from '../../electron/core/backup/exclusive';
import { createDispatcher, type Dispatcher } from '../../electron/core/ipc/dispatch';
import {
  createSyncEngine,
  FileKeyStore,
  type SyncEngine,
  type SyncEngineOptions,
} from '../../electron/core/sync';
import { readIdentity } from '../../electron/core/sync/state';
import { testSealer } from '../support/sealer';
import { CONTENT_SECURITY_POLICY } from '../../electron/security';

/**
 * The end-to-end harness: the real renderer build in Debian's Chromium, with the preload's API
 * provided from the real core in this process, exactly as the preload builds it from the contract.
 */

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const RENDERER_DIR = resolve('dist/renderer');
export const SCREENSHOT_DIR = resolve('test-results/screenshots');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Serves the built renderer over loopback with the app's Content-Security-Policy header. */
function serveRenderer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(RENDERER_DIR, path === '/' ? 'index.html' : path));
    if (!file.startsWith(RENDERER_DIR)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      res.writeHead(200, {
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      done({ server, url: `http://127.0.0.1:${port}/` });
    });
  });
}

export const PDF_DIR = resolve('test-results/pdf');

/** The receipt printed to PDF as the main process does: print media, the layout's paper size. */
async function printReceipt(page: Page, input: unknown) {
  const { id, target, layout } = input as { id: string; target: 'printer' | 'pdf'; layout: ReceiptLayout };
  mkdirSync(PDF_DIR, { recursive: true });
  const path = join(PDF_DIR, `receipt-${id}-${Date.now()}.pdf`);
  const size = layout === 'a5' ? { format: 'A5' as const } : { width: layout, height: '297mm' };
  await page.pdf({
    path,
    printBackground: true,
    margin: { top: '3mm', bottom: '3mm', left: '3mm', right: '3mm' },
    ...size,
  });
  return { ok: true, value: { savedTo: target === 'pdf' ? path : null } };
}

/** Built from the same call list as electron/preload.ts: one named method per call, nothing else. */
function preloadShim(names: readonly string[]): string {
  return `(() => {
    const bridge = window.__pishkhanBridge;
    try { delete window.__pishkhanBridge; } catch {}
    const api = {};
    for (const name of ${JSON.stringify(names)}) {
      api[name] = async (input) => JSON.parse(await bridge(name, input));
    }
    Object.defineProperty(window, 'pishkhan', { value: Object.freeze(api), enumerable: true });
  })();`;
}

export interface AppUnderTest {
  readonly page: Page;
  readonly core: Core;
  readonly dispatcher: Dispatcher;
  /** The terminal's sync engine, as the core worker has it (the key sealed by a test sealer). */
  readonly sync: SyncEngine;
  readonly url: string;
  /** Console errors and CSP violations seen by the page. */
  readonly problems: string[];
  /** Moves the core's clock (minutes) to test idle locks and lockouts. */
  advanceClock(ms: number): void;
  screenshot(name: string): Promise<void>;
  /**
   * What the system's folder or file dialog answers for files.choose (the main process shows it in
   * the app; here it is simulated after the core's yes, as printing is). Null: the person cancels.
   */
  readonly chooseAnswers: { folder: string | null; backup: string | null };
  /**
   * Holds every call of this name until the returned release is called: a core busy with something
   * else, so a second click lands while the first call is surely still on its way (the in-process
   * bridge otherwise answers before the next event).
   */
  hold(name: string): () => void;
  /** How many calls of this name are being held now. */
  held(name: string): number;
  /** Resolves once every call the page made has been answered. */
  settled(): Promise<void>;
  /** Every receipt printed (or saved as PDF) after the core's yes, in order. */
  readonly prints: { readonly id: string; readonly layout: ReceiptLayout; readonly target: string }[];
  /**
   * The next print fails in the printer after the core's yes (the copy recorded), answered as the
   * main process answers Electron's failed print callback (electron/printing.ts).
   */
  failNextPrint(reason: string): void;
  /**
   * The next PDF's save dialog is cancelled after the core's yes (the copy recorded): no file, and
   * the main process has the core give the copy back, as electron/printing.ts does.
   */
  cancelNextPdf(): void;
  /** The next print dialog is closed (Electron answers 'Print job canceled'): nothing printed, copy given back. */
  cancelNextPrint(): void;
  /** A second window on the same core (its own session). */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

let sharedBrowser: Browser | null = null;

export async function browser(): Promise<Browser> {
  sharedBrowser ??= await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  return sharedBrowser;
}

export async function closeBrowser(): Promise<void> {
  await sharedBrowser?.close();
  sharedBrowser = null;
}

export async function launchApp(
  options: {
    language?: 'fa' | 'en';
    core?: Partial<CoreOptions>;
    sync?: Partial<Omit<SyncEngineOptions, 'keyStore'>>;
  } = {},
): Promise<AppUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pishkhan-e2e-'));
  let offset = 0;
  const core = openCore({
    dataDir,
    appVersion: 'e2e',
    now: () => Date.now() + offset,
    checkpointThread: true, // as the app's core runs
    ...options.core,
  });
  const sync = createSyncEngine(core, {
    keyStore: new FileKeyStore(join(dataDir, 'keys'), testSealer()),
    ...options.sync,
  });
  const dispatcher = createDispatcher(core, { sync });
  if (readIdentity(core.db)) sync.start();
  const { server, url } = await serveRenderer();
  const context: BrowserContext = await (
    await browser()
  ).newContext({
    viewport: { width: 1280, height: 800 },
    locale: options.language === 'en' ? 'en-US' : 'fa-IR',
  });
  const problems: string[] = [];
  const chooseAnswers: AppUnderTest['chooseAnswers'] = { folder: null, backup: null };
  const holds = new Map<string, { promise: Promise<void>; release: () => void }>();
  const heldNow = new Map<string, number>();
  let inFlight = 0;
  const idle: (() => void)[] = [];
  const prints: AppUnderTest['prints'] = [];
  let printFailure: string | null = null;
  let dialogCancelled: 'printer' | 'pdf' | null = null;
  let pageCount = 0;

  async function openPage(): Promise<Page> {
    const page = await context.newPage();
    const sessionKey = `page-${++pageCount}`;
    page.on('console', (msg) => {
      if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(String(err)));
    const answer = async (name: string, input: unknown) => {
      const gate = holds.get(name);
      if (gate) {
        heldNow.set(name, (heldNow.get(name) ?? 0) + 1);
        await gate.promise;
        heldNow.set(name, (heldNow.get(name) ?? 1) - 1);
      }
      const result = await dispatcher.call(sessionKey, name, input);
      // As the main process does after the core's ok: print the page, here to a PDF file.
      if (name === 'receipts.print' && result.ok && printFailure !== null) {
        const message = printFailure;
        printFailure = null;
        const { copyNumber } = input as { copyNumber: number };
        return { ok: false, error: errorShape('receipt_print_failed', { message, copyNumber }) };
      }
      const request = input as { id: string; copyNumber: number; target: 'printer' | 'pdf' };
      if (name === 'receipts.print' && result.ok && dialogCancelled === request.target) {
        dialogCancelled = null;
        const { id, copyNumber, target } = request;
        const back = dispatcher.receiptPrintCancelled(sessionKey, { id, copyNumber, target });
        if (back.ok) return { ok: true, value: { savedTo: null, cancelled: true } };
        return target === 'pdf'
          ? { ok: true, value: { savedTo: null } }
          : {
              ok: false,
              error: errorShape('receipt_print_failed', { message: 'Print job canceled', copyNumber }),
            };
      }
      if (name === 'receipts.print' && result.ok) {
        const { id, layout, target } = input as AppUnderTest['prints'][number];
        prints.push({ id, layout, target });
        return printReceipt(page, input);
      }
      if (name === 'files.choose' && result.ok) {
        const kind = (input as { kind: 'folder' | 'backup' }).kind;
        return { ok: true, value: { path: chooseAnswers[kind] } };
      }
      return result;
    };
    // The answer crosses as one JSON string: Playwright's own value serializer walks objects key by
    // key and took ~35 ms for a 100-row list page (33 KB), where Electron's structured clone takes
    // well under one. A string crosses in ~2 ms, so the UI figures measure the app, not the bridge.
    await page.exposeBinding('__pishkhanBridge', async (_source, name: string, input: unknown) => {
      inFlight++;
      try {
        return JSON.stringify(await answer(name, input));
      } finally {
        if (--inFlight === 0) for (const resolve of idle.splice(0)) resolve();
      }
    });
    await page.addInitScript(preloadShim(CALL_NAME_LIST));
    if (options.language === 'en')
      await page.addInitScript(() => localStorage.setItem('pishkhan.language', 'en'));
    await page.goto(url);
    return page;
  }

  const page = await openPage();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    page,
    core,
    dispatcher,
    sync,
    url,
    problems,
    chooseAnswers,
    prints,
    failNextPrint(reason) {
      printFailure = reason;
    },
    cancelNextPdf() {
      dialogCancelled = 'pdf';
    },
    cancelNextPrint() {
      dialogCancelled = 'printer';
    },
    hold(name) {
      let release = () => {};
      const promise = new Promise<void>((resolve) => (release = resolve));
      const gate = {
        promise,
        release: () => {
          if (holds.get(name) === gate) holds.delete(name);
          release();
        },
      };
      holds.set(name, gate);
      return gate.release;
    },
    held(name) {
      return heldNow.get(name) ?? 0;
    },
    settled() {
      return inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve));
    },
    advanceClock(ms) {
      offset += ms;
    },
    async screenshot(name) {
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    },
    newPage: openPage,
    async close() {
      await context.close();
      server.close();
      await sync.stop();
      // As the app's shutdown does: a backup still being taken (after a day close) ends first.
      await backupsIdle(core);
      core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
