// Printing the receipt the window shows, on paper or to a PDF file. Electron's pieces (the
// WebContents, the save dialog) are injected, so a unit test drives this with recording fakes.
import { join } from 'node:path';
import { RECEIPT_LAYOUTS, type ReceiptLayout } from '../shared/ipc/schemas';
import { errorShape, type Result } from '../shared/result';
import { createLogger } from './core/log';

const log = createLogger('printing');

/**
 * The thermal rolls, 80 and 58 mm wide: Chromium wants microns; the height is the longest receipt,
 * cut by the printer.
 */
export const THERMAL_PAGE_SIZES = Object.freeze({
  '80mm': Object.freeze({ width: 80_000, height: 297_000 }),
  '58mm': Object.freeze({ width: 58_000, height: 297_000 }),
});

export type { ReceiptLayout };
export type PrintTarget = 'printer' | 'pdf';

export interface PrintRequest {
  readonly id: string;
  /** The copy the core recorded for this print: each recorded copy is printed once. */
  readonly copyNumber: number;
  readonly layout: ReceiptLayout;
  readonly target: PrintTarget;
}

export interface PaperPrintOptions {
  readonly silent: false;
  readonly printBackground: true;
  readonly pageSize: 'A5' | { readonly width: number; readonly height: number };
}

export interface PdfPrintOptions {
  readonly printBackground: true;
  /** Inches for a custom size (printToPDF's unit), or a named paper size. */
  readonly pageSize: 'A5' | { readonly width: number; readonly height: number };
}

const MM_PER_INCH = 25.4;

/** The thermal roll's width; the PDF page is cut at 297 mm like the paper print. */
export function pdfPrintOptions(layout: ReceiptLayout): PdfPrintOptions {
  if (layout === 'a5') return { printBackground: true, pageSize: 'A5' };
  const { width, height } = THERMAL_PAGE_SIZES[layout];
  return {
    printBackground: true,
    pageSize: { width: width / 1000 / MM_PER_INCH, height: height / 1000 / MM_PER_INCH },
  };
}

const LAYOUTS: ReadonlySet<unknown> = new Set(RECEIPT_LAYOUTS);

/** The parts of a WebContents used here; Electron's WebContents satisfies it. */
export interface PrintableContents {
  print(options: PaperPrintOptions, callback: (success: boolean, failureReason: string) => void): void;
  printToPDF(options: PdfPrintOptions): Promise<Uint8Array>;
}

export interface SaveDialogOptions {
  readonly defaultPath: string;
  readonly filters: readonly { readonly name: string; readonly extensions: readonly string[] }[];
}

export interface PrintingDeps<C extends PrintableContents> {
  /** `dialog.showSaveDialog`, parented to the window of these contents. */
  showSaveDialog(
    contents: C,
    options: SaveDialogOptions,
  ): Promise<{ readonly canceled: boolean; readonly filePath?: string }>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** The user's Documents folder (`app.getPath('documents')`). */
  readonly documentsDir: string;
  /**
   * Tells the core that the copy it recorded for this request reached neither the printer nor a
   * file (the window's session gives it back: `CoreHost.receiptPrintCancelled`). An error leaves
   * the copy recorded.
   */
  giveBack(contents: C, request: PrintRequest): Promise<Result<unknown>>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The core has already parsed this input against the contract; it is checked again here only so
 * that the file name and the page size never come from anything else.
 */
export function parsePrintRequest(input: unknown): PrintRequest | null {
  if (typeof input !== 'object' || input === null) return null;
  const { id, copyNumber, layout, target } = input as Record<string, unknown>;
  if (typeof id !== 'string' || !UUID.test(id)) return null;
  if (typeof copyNumber !== 'number' || !Number.isSafeInteger(copyNumber) || copyNumber < 1) return null;
  if (!LAYOUTS.has(layout)) return null;
  if (target !== 'printer' && target !== 'pdf') return null;
  return { id, copyNumber, layout: layout as ReceiptLayout, target };
}

export function paperPrintOptions(layout: ReceiptLayout): PaperPrintOptions {
  return {
    silent: false,
    printBackground: true,
    pageSize: layout === 'a5' ? 'A5' : THERMAL_PAGE_SIZES[layout],
  };
}

/** The copy stays recorded (the core did that first): a retry prints the next one. */
function printFailed(request: PrintRequest, message: string): Result<never> {
  return {
    ok: false,
    error: errorShape('receipt_print_failed', { message, copyNumber: request.copyNumber }),
  };
}

/**
 * What Electron's print callback says when the person closed the print dialog: no job was sent.
 * Electron 17 on says "Print job canceled" (the reason its type definitions list, and the one
 * other apps on current versions match); before, "cancelled" and then "canceled". The exact words,
 * not a loose match: any other reason is a failure, whose copy stays recorded.
 */
export const PRINT_DIALOG_CANCELLED = 'Print job canceled';
const DIALOG_CANCELLED_REASONS: ReadonlySet<string> = new Set([
  PRINT_DIALOG_CANCELLED,
  'canceled',
  'cancelled',
]);

/**
 * The print or save dialog was cancelled: nothing reached the printer or a file, so the copy the
 * core recorded is given back (marked cancelled in its record, the audit trail says so) and the
 * next print is the same copy, not a duplicate («المثنی») of a receipt the citizen never got. The
 * paper and the PDF are alike here: a PDF the person did not save is no more a copy than a page
 * not printed. Should the core not give it back (another window recorded a later copy meanwhile),
 * the copy stays recorded as before: a print says it failed, a PDF that none was saved.
 */
async function giveBackCancelled<C extends PrintableContents>(
  contents: C,
  request: PrintRequest,
  deps: PrintingDeps<C>,
): Promise<Result<unknown>> {
  const answer = await deps.giveBack(contents, request);
  if (answer.ok) return { ok: true, value: { savedTo: null, cancelled: true } };
  log.warn(`receipt ${request.id} copy ${request.copyNumber}: cancelled but kept`, answer.error.code);
  return request.target === 'printer'
    ? printFailed(request, PRINT_DIALOG_CANCELLED)
    : { ok: true, value: { savedTo: null } };
}

/**
 * Sent to the printer: the job's outcome. A failure after the job was sent (Electron's other
 * reasons) keeps the copy recorded, since paper may be out already.
 */
function printOnPaper(
  contents: PrintableContents,
  request: PrintRequest,
): Promise<'printed' | 'cancelled' | Result<never>> {
  return new Promise(function waitForPrintJob(resolve) {
    contents.print(paperPrintOptions(request.layout), function printJobDone(success, failureReason) {
      if (success) resolve('printed');
      else if (DIALOG_CANCELLED_REASONS.has(failureReason)) resolve('cancelled');
      else resolve(printFailed(request, failureReason || 'print failed'));
    });
  });
}

async function printToPrinter<C extends PrintableContents>(
  contents: C,
  request: PrintRequest,
  deps: PrintingDeps<C>,
): Promise<Result<unknown>> {
  const outcome = await printOnPaper(contents, request);
  if (outcome === 'printed') return { ok: true, value: { savedTo: null } };
  if (outcome === 'cancelled') return giveBackCancelled(contents, request, deps);
  return outcome;
}

async function saveAsPdf<C extends PrintableContents>(
  contents: C,
  request: PrintRequest,
  deps: PrintingDeps<C>,
): Promise<Result<unknown>> {
  const pdf = await contents.printToPDF(pdfPrintOptions(request.layout));
  const choice = await deps.showSaveDialog(contents, {
    // Named by its copy: each PDF file answers to one recorded copy.
    defaultPath: join(deps.documentsDir, `receipt-${request.id}-copy-${request.copyNumber}.pdf`),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  });
  if (choice.canceled || !choice.filePath) return giveBackCancelled(contents, request, deps);
  await deps.writeFile(choice.filePath, pdf);
  return { ok: true, value: { savedTo: choice.filePath } };
}

/**
 * The IPC `afterCall` hook: for `receipts.print`, once the core has recorded the copy the request
 * names (and refused a copy already recorded), the main process prints the page (whose
 * `@media print` rules show only the receipt) or saves it as a PDF, once. Every other call's
 * result passes through untouched.
 */
export function createReceiptPrinter<C extends PrintableContents>(deps: PrintingDeps<C>) {
  return async function printReceiptAfterCore(
    name: string,
    sender: C,
    input: unknown,
    result: Readonly<{ ok: true; value: unknown }>,
  ): Promise<Result<unknown>> {
    if (name !== 'receipts.print') return result;
    const request = parsePrintRequest(input);
    if (!request) return { ok: false, error: errorShape('invalid_input', { call: name }) };
    try {
      return request.target === 'printer'
        ? await printToPrinter(sender, request, deps)
        : await saveAsPdf(sender, request, deps);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error(`printing receipt ${request.id} to ${request.target} failed`, message);
      return printFailed(request, message);
    }
  };
}
