import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  THERMAL_PAGE_SIZES,
  createReceiptPrinter,
  type PaperPrintOptions,
  type PdfPrintOptions,
  type PrintableContents,
  type PrintRequest,
  type SaveDialogOptions,
} from '../../../electron/printing';
import { registerIpc, type InvokeEvent, type IpcMainLike } from '../../../electron/ipc-main';
import type { Result } from '../../../shared/result';

const ID = '0b6f8a52-3c1e-4d7a-9f00-5a2b1c3d4e5f';
const PDF_BYTES = new Uint8Array([0x25, 0x50, 0x44, 0x46]);
const coreOk = { ok: true, value: { savedTo: null } } as const;

class FakeContents implements PrintableContents {
  readonly printed: PaperPrintOptions[] = [];
  readonly pdfs: PdfPrintOptions[] = [];
  constructor(
    private readonly outcome: { success: boolean; failureReason: string } = {
      success: true,
      failureReason: '',
    },
  ) {}
  print(options: PaperPrintOptions, callback: (success: boolean, failureReason: string) => void): void {
    this.printed.push(options);
    setTimeout(() => callback(this.outcome.success, this.outcome.failureReason), 1);
  }
  printToPDF(options: PdfPrintOptions): Promise<Uint8Array> {
    this.pdfs.push(options);
    return Promise.resolve(PDF_BYTES);
  }
}

function printer(
  dialogAnswer: { canceled: boolean; filePath?: string } = { canceled: false, filePath: '/tmp/x.pdf' },
  coreGivesBack: Result<unknown> = { ok: true, value: null },
) {
  const dialogs: SaveDialogOptions[] = [];
  const written: [string, Uint8Array][] = [];
  const givenBack: PrintRequest[] = [];
  const afterCall = createReceiptPrinter<FakeContents>({
    documentsDir: '/home/operator/Documents',
    giveBack(_contents, request) {
      givenBack.push(request);
      return Promise.resolve(coreGivesBack);
    },
    showSaveDialog(_contents, options) {
      dialogs.push(options);
      return Promise.resolve(dialogAnswer);
    },
    writeFile(path, data) {
      written.push([path, data]);
      return Promise.resolve();
    },
  });
  return { afterCall, dialogs, written, givenBack };
}

describe('receipt printing in the main process', () => {
  it('prints an 80 mm receipt on an 80 mm × 297 mm page, with the print dialog', async () => {
    const contents = new FakeContents();
    const { afterCall } = printer();
    const input = { id: ID, copyNumber: 1, layout: '80mm', target: 'printer' };
    await expect(afterCall('receipts.print', contents, input, coreOk)).resolves.toEqual({
      ok: true,
      value: { savedTo: null },
    });
    expect(contents.printed).toEqual([
      { silent: false, printBackground: true, pageSize: { width: 80_000, height: 297_000 } },
    ]);
    expect(THERMAL_PAGE_SIZES['80mm']).toEqual({ width: 80_000, height: 297_000 });
  });

  it('prints a 58 mm receipt on a 58 mm × 297 mm page, and saves it as a 58 mm wide PDF', async () => {
    const contents = new FakeContents();
    const { afterCall } = printer();
    await afterCall(
      'receipts.print',
      contents,
      { id: ID, copyNumber: 1, layout: '58mm', target: 'printer' },
      coreOk,
    );
    expect(contents.printed.map((options) => options.pageSize)).toEqual([{ width: 58_000, height: 297_000 }]);
    await afterCall(
      'receipts.print',
      contents,
      { id: ID, copyNumber: 1, layout: '58mm', target: 'pdf' },
      coreOk,
    );
    expect(contents.pdfs).toEqual([
      { printBackground: true, pageSize: { width: 58 / 25.4, height: 297 / 25.4 } },
    ]);
  });

  it('prints an A5 receipt on an A5 page', async () => {
    const contents = new FakeContents();
    await printer().afterCall(
      'receipts.print',
      contents,
      { id: ID, copyNumber: 1, layout: 'a5', target: 'printer' },
      coreOk,
    );
    expect(contents.printed.map((options) => options.pageSize)).toEqual(['A5']);
  });

  it('reports a failed print job as receipt_print_failed with the printer’s reason and the copy recorded', async () => {
    const contents = new FakeContents({ success: false, failureReason: 'Printer is offline' });
    const result = await printer().afterCall(
      'receipts.print',
      contents,
      { id: ID, copyNumber: 1, layout: 'a5', target: 'printer' },
      coreOk,
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'receipt_print_failed',
        messageKey: 'errors.receipt_print_failed',
        details: { message: 'Printer is offline', copyNumber: 1 },
      },
    });
  });

  it('writes the PDF where the save dialog said, offering receipt-<id>-copy-<n>.pdf in Documents', async () => {
    const contents = new FakeContents();
    const { afterCall, dialogs, written } = printer({ canceled: false, filePath: '/media/usb/r.pdf' });
    const result = await afterCall(
      'receipts.print',
      contents,
      { id: ID, copyNumber: 3, layout: 'a5', target: 'pdf' },
      coreOk,
    );
    expect(result).toEqual({ ok: true, value: { savedTo: '/media/usb/r.pdf' } });
    expect(contents.pdfs).toEqual([{ printBackground: true, pageSize: 'A5' }]);
    expect(contents.printed).toEqual([]);
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]?.defaultPath).toBe(join('/home/operator/Documents', `receipt-${ID}-copy-3.pdf`));
    expect(written).toEqual([['/media/usb/r.pdf', PDF_BYTES]]);
  });

  it('writes nothing when the save dialog is cancelled, and gives the copy back', async () => {
    const { afterCall, written, givenBack } = printer({ canceled: true });
    const input = { id: ID, copyNumber: 1, layout: '80mm', target: 'pdf' } as const;
    const result = await afterCall('receipts.print', new FakeContents(), input, coreOk);
    expect(result).toEqual({ ok: true, value: { savedTo: null, cancelled: true } });
    expect(written).toEqual([]);
    expect(givenBack).toEqual([input]);
  });

  it('gives the copy back when the print dialog is cancelled: no job reached the printer', async () => {
    // Electron's webContents.print answers (false, 'Print job canceled') when the dialog is closed.
    const contents = new FakeContents({ success: false, failureReason: 'Print job canceled' });
    const { afterCall, givenBack } = printer();
    const input = { id: ID, copyNumber: 1, layout: '80mm', target: 'printer' } as const;
    expect(await afterCall('receipts.print', contents, input, coreOk)).toEqual({
      ok: true,
      value: { savedTo: null, cancelled: true },
    });
    expect(givenBack).toEqual([input]);
  });

  it.each(['canceled', 'cancelled'])(
    "takes %s, the words of Electron's versions before 17, as a closed dialog too",
    async (failureReason) => {
      const { afterCall, givenBack } = printer();
      const input = { id: ID, copyNumber: 1, layout: '80mm', target: 'printer' } as const;
      const contents = new FakeContents({ success: false, failureReason });
      expect(await afterCall('receipts.print', contents, input, coreOk)).toMatchObject({ ok: true });
      expect(givenBack).toEqual([input]);
    },
  );

  it.each(['Print job failed', 'Invalid printer settings', 'Print job canceled by the printer', ''])(
    'keeps the copy recorded for any other reason (%j)',
    async (failureReason) => {
      const { afterCall, givenBack } = printer();
      const input = { id: ID, copyNumber: 1, layout: '80mm', target: 'printer' } as const;
      const contents = new FakeContents({ success: false, failureReason });
      expect(await afterCall('receipts.print', contents, input, coreOk)).toMatchObject({
        ok: false,
        error: { code: 'receipt_print_failed' },
      });
      expect(givenBack).toEqual([]);
    },
  );

  it('keeps a cancelled copy recorded when the core does not give it back, and says the print failed', async () => {
    const keptBack = {
      ok: false,
      error: {
        code: 'receipt_copy_not_next',
        messageKey: 'errors.receipt_copy_not_next',
        details: { copyNumber: 1, nextCopy: 3 },
      },
    } as const;
    const contents = new FakeContents({ success: false, failureReason: 'Print job canceled' });
    const input = { id: ID, copyNumber: 1, layout: '80mm', target: 'printer' } as const;
    expect(await printer(undefined, keptBack).afterCall('receipts.print', contents, input, coreOk)).toEqual({
      ok: false,
      error: {
        code: 'receipt_print_failed',
        messageKey: 'errors.receipt_print_failed',
        details: { message: 'Print job canceled', copyNumber: 1 },
      },
    });
    const pdf = printer({ canceled: true }, keptBack);
    expect(await pdf.afterCall('receipts.print', contents, { ...input, target: 'pdf' }, coreOk)).toEqual({
      ok: true,
      value: { savedTo: null },
    });
  });

  it('gives nothing back for a print that failed after the job was sent', async () => {
    const contents = new FakeContents({ success: false, failureReason: 'failed' });
    const { afterCall, givenBack } = printer();
    const input = { id: ID, copyNumber: 2, layout: '58mm', target: 'printer' } as const;
    expect(await afterCall('receipts.print', contents, input, coreOk)).toMatchObject({
      ok: false,
      error: { code: 'receipt_print_failed', details: { message: 'failed', copyNumber: 2 } },
    });
    expect(givenBack).toEqual([]);
  });

  it('leaves every other call’s result untouched and prints nothing', async () => {
    const contents = new FakeContents();
    const { afterCall } = printer();
    const coreResult = { ok: true, value: { printCount: 2 } } as const;
    const input = { id: ID };
    expect(await afterCall('transactions.get', contents, input, coreResult)).toBe(coreResult);
    expect(contents.printed).toEqual([]);
  });

  it('refuses an input that would choose a file name or page size of its own, or names no copy', async () => {
    const contents = new FakeContents();
    const { afterCall, dialogs } = printer();
    for (const input of [
      { id: '../../etc/passwd', layout: 'a5', target: 'pdf' },
      { id: ID, copyNumber: 1, layout: 'letter', target: 'printer' },
      { id: ID, copyNumber: 1, layout: 'a5', target: 'fax' },
      { id: ID, layout: 'a5', target: 'printer' },
      { id: ID, copyNumber: 0, layout: 'a5', target: 'printer' },
      { id: ID, copyNumber: 1.5, layout: 'a5', target: 'printer' },
      { id: ID, copyNumber: '1', layout: 'a5', target: 'printer' },
      null,
    ]) {
      expect(await afterCall('receipts.print', contents, input, coreOk)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
    expect(contents.printed).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});

describe('the IPC afterCall hook', () => {
  type Handler = Parameters<IpcMainLike['handle']>[1];

  function wire(coreResult: Result<unknown>) {
    const handlers = new Map<string, Handler>();
    const hookCalls: [string, unknown, unknown][] = [];
    const contents = { id: 3, mainFrame: { url: 'app://pishkhan/index.html' }, once: () => undefined };
    registerIpc({
      ipcMain: { handle: (channel, listener) => void handlers.set(channel, listener) },
      host: { call: () => Promise.resolve(coreResult), endSession: () => undefined },
      trust: {},
      isAppContents: (candidate) => candidate === contents,
      afterCall(name, _sender, input, result) {
        hookCalls.push([name, input, result]);
        return Promise.resolve({ ok: true, value: 'from the hook' });
      },
    });
    const event: InvokeEvent = { sender: contents, senderFrame: contents.mainFrame };
    const invoke = (name: string, input: unknown) => {
      const handler = handlers.get(`pishkhan:${name}`);
      if (!handler) throw new Error(`no handler for ${name}`);
      return handler(event, input);
    };
    return { invoke, hookCalls };
  }

  it('runs after an ok core result, with the input and that result, and answers in its place', async () => {
    const { invoke, hookCalls } = wire({ ok: true, value: 'from the core' });
    expect(await invoke('app.info', {})).toEqual({ ok: true, value: 'from the hook' });
    expect(hookCalls).toEqual([['app.info', {}, { ok: true, value: 'from the core' }]]);
  });

  it('prints nothing when the core refused the copy', async () => {
    const refused = {
      ok: false,
      error: {
        code: 'receipt_copy_not_next',
        messageKey: 'errors.receipt_copy_not_next',
        details: { copyNumber: 1, nextCopy: 2 },
      },
    } as const;
    const contents = Object.assign(new FakeContents(), {
      id: 4,
      mainFrame: { url: 'app://pishkhan/index.html' },
      once: () => undefined,
    });
    const handlers = new Map<string, Parameters<IpcMainLike<typeof contents>['handle']>[1]>();
    const { afterCall } = printer();
    registerIpc<typeof contents>({
      ipcMain: { handle: (channel, listener) => void handlers.set(channel, listener) },
      host: { call: () => Promise.resolve(refused), endSession: () => undefined },
      trust: {},
      isAppContents: (candidate) => candidate === contents,
      afterCall,
    });
    const handler = handlers.get('pishkhan:receipts.print');
    if (!handler) throw new Error('no handler for receipts.print');
    const input = { id: ID, copyNumber: 1, layout: '80mm', target: 'printer' };
    expect(await handler({ sender: contents, senderFrame: contents.mainFrame }, input)).toEqual(refused);
    expect(contents.printed).toEqual([]);
    expect(contents.pdfs).toEqual([]);
  });

  it('does not run when the core refused the call', async () => {
    const refused = {
      ok: false,
      error: { code: 'forbidden', messageKey: 'errors.forbidden', details: {} },
    } as const;
    const { invoke, hookCalls } = wire(refused);
    expect(await invoke('app.info', {})).toEqual(refused);
    expect(hookCalls).toEqual([]);
  });
});
