import { describe, expect, it } from 'vitest';
import {
  createReceiptPrinter,
  type PaperPrintOptions,
  type PdfPrintOptions,
  type PrintableContents,
} from '../../../../electron/printing';
import type { CallInput } from '../../../../shared/ipc/contract';
import { MANAGER, setUpOffice, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { newTransaction } from '../../../support/transactions';

type PrintInput = CallInput<'receipts.print'>;

/** A window whose print dialog answers as Electron's does: printed, cancelled or failed. */
class Window implements PrintableContents {
  answers: [boolean, string][] = [];
  printed = 0;
  constructor(readonly sessionKey: string) {}
  print(_options: PaperPrintOptions, callback: (success: boolean, failureReason: string) => void): void {
    const [success, reason] = this.answers.shift() ?? [true, ''];
    if (success) this.printed++;
    callback(success, reason);
  }
  printToPDF(_options: PdfPrintOptions): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array([0x25]));
  }
}

/**
 * The main process's path for one press of Print, on the real core and a real SQLite file: the core
 * records the copy, then the printer hook prints it, and tells the core (as main.ts wires it, by
 * the window's session) when the dialog was cancelled.
 */
function counter(t: TestCore, saveDialog: { canceled: boolean; filePath?: string }) {
  const files: string[] = [];
  const printer = createReceiptPrinter<Window>({
    documentsDir: '/tmp',
    showSaveDialog: () => Promise.resolve(saveDialog),
    writeFile(path) {
      files.push(path);
      return Promise.resolve();
    },
    giveBack: (window, request) =>
      Promise.resolve(
        t.dispatcher.receiptPrintCancelled(window.sessionKey, {
          id: request.id,
          copyNumber: request.copyNumber,
          target: request.target,
        }),
      ),
  });
  return {
    files,
    async press(window: Window, input: PrintInput) {
      const core = await t.call('receipts.print', input, window.sessionKey);
      return core.ok ? printer('receipts.print', window, input, core) : core;
    },
  };
}

describe('a receipt whose print was cancelled before anything left the app', () => {
  const tempDir = useTempDirs();

  async function withSale(dataDir = tempDir()) {
    const t = startCore(dataDir);
    await setUpOffice(t);
    const r = await t.call('transactions.create', newTransaction('citizen-request', []));
    if (!r.ok) throw new Error(r.error.code);
    return { t, id: r.value.id, dataDir };
  }

  function rows(t: TestCore, id: string) {
    return (
      t.core.db
        .prepare(
          'SELECT copy_number AS copy, cancelled_at FROM receipt_prints WHERE transaction_id = ? ORDER BY id',
        )
        .all(id) as { copy: number; cancelled_at: number | null }[]
    ).map((r) => ({ copy: r.copy, cancelled: r.cancelled_at !== null }));
  }

  function trail(t: TestCore) {
    return (
      t.core.db
        .prepare("SELECT action, details FROM audit_log WHERE action LIKE 'receipt_%' ORDER BY seq")
        .all() as { action: string; details: string }[]
    ).map((e) => [e.action, JSON.parse(e.details).copyNumber]);
  }

  it('gives its copy back when the print dialog is closed: the next print is the original, not «المثنی»', async () => {
    const { t, id, dataDir } = await withSale();
    const window = new Window('window-1');
    const { press } = counter(t, { canceled: true });
    const first = { id, copyNumber: 1, layout: '80mm', target: 'printer' } as const;
    window.answers.push([false, 'cancelled']);
    expect(await press(window, first)).toEqual({ ok: true, value: { savedTo: null, cancelled: true } });
    expect(await t.call('transactions.get', { id })).toMatchObject({ ok: true, value: { printCount: 0 } });
    // The operator presses Print again: the citizen's receipt is copy 1, the original.
    expect(await press(window, first)).toEqual({ ok: true, value: { savedTo: null } });
    expect(window.printed).toBe(1);
    // Nothing erased: the cancelled copy is on record, marked, and in the audit trail.
    expect(rows(t, id)).toEqual([
      { copy: 1, cancelled: true },
      { copy: 1, cancelled: false },
    ]);
    expect(trail(t)).toEqual([
      ['receipt_printed', 1],
      ['receipt_print_cancelled', 1],
      ['receipt_printed', 1],
    ]);
    // As the database keeps it: after a restart one copy is on record and the next is a duplicate.
    await t.close();
    const again = startCore(dataDir);
    expect(
      (await again.call('session.login', { username: MANAGER.username, password: MANAGER.password })).ok,
    ).toBe(true);
    expect(await again.call('transactions.get', { id })).toMatchObject({
      ok: true,
      value: { printCount: 1 },
    });
    expect(await again.call('receipts.print', first)).toMatchObject({
      ok: false,
      error: { code: 'receipt_copy_not_next', details: { nextCopy: 2 } },
    });
    await again.close();
  });

  it('gives its copy back when the PDF save dialog is closed, as a closed print dialog does', async () => {
    const { t, id } = await withSale();
    const window = new Window('window-1');
    const { press, files } = counter(t, { canceled: true });
    expect(await press(window, { id, copyNumber: 1, layout: 'a5', target: 'pdf' })).toEqual({
      ok: true,
      value: { savedTo: null, cancelled: true },
    });
    expect(files).toEqual([]);
    expect((await press(window, { id, copyNumber: 1, layout: '80mm', target: 'printer' })).ok).toBe(true);
    expect(rows(t, id)).toEqual([
      { copy: 1, cancelled: true },
      { copy: 1, cancelled: false },
    ]);
    await t.close();
  });

  it('keeps the copy of a print that failed after its job was sent: the next print is a duplicate', async () => {
    const { t, id } = await withSale();
    const window = new Window('window-1');
    const { press } = counter(t, { canceled: true });
    window.answers.push([false, 'failed']);
    expect(await press(window, { id, copyNumber: 1, layout: '80mm', target: 'printer' })).toMatchObject({
      ok: false,
      error: { code: 'receipt_print_failed', details: { copyNumber: 1 } },
    });
    expect(await t.call('transactions.get', { id })).toMatchObject({ ok: true, value: { printCount: 1 } });
    expect((await press(window, { id, copyNumber: 2, layout: '80mm', target: 'printer' })).ok).toBe(true);
    expect(rows(t, id)).toEqual([
      { copy: 1, cancelled: false },
      { copy: 2, cancelled: false },
    ]);
    expect(trail(t)).toEqual([
      ['receipt_printed', 1],
      ['receipt_reprinted', 2],
    ]);
    await t.close();
  });

  it('keeps a cancelled copy when another window has recorded a later one meanwhile', async () => {
    const { t, id } = await withSale();
    expect(
      (await t.call('session.login', { username: MANAGER.username, password: MANAGER.password }, 'window-2'))
        .ok,
    ).toBe(true);
    // Window 1's copy 1 is recorded and its dialog is open; window 2 prints copy 2 meanwhile.
    expect(
      (await t.call('receipts.print', { id, copyNumber: 1, layout: '80mm', target: 'printer' })).ok,
    ).toBe(true);
    expect(
      (await t.call('receipts.print', { id, copyNumber: 2, layout: '80mm', target: 'printer' }, 'window-2'))
        .ok,
    ).toBe(true);
    expect(
      t.dispatcher.receiptPrintCancelled('window-1', { id, copyNumber: 1, target: 'printer' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'receipt_copy_not_next', details: { copyNumber: 1, nextCopy: 3 } },
    });
    // A window with no session gives nothing back.
    expect(
      t.dispatcher.receiptPrintCancelled('window-3', { id, copyNumber: 2, target: 'printer' }),
    ).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
    expect(rows(t, id)).toEqual([
      { copy: 1, cancelled: false },
      { copy: 2, cancelled: false },
    ]);
    // The page has no call that gives a copy back.
    expect(
      await t.dispatcher.call('window-1', 'receipts.printCancelled', { id, copyNumber: 2 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'unknown_call' },
    });
    await t.close();
  });
});
