import type { Locator } from 'playwright-core';
import type { AppUnderTest } from '../../e2e/harness';
import { formatTrackingCode } from '../../../shared/tracking-code';
import { toPersianDigits } from '../../../shared/text/normalize';
import { NEW_AFTER_MS } from '../../../renderer/counter/timing';
import { walkInCitizen } from '../large-db';
import { ms, p99Row, round, summarize, type Row } from '../stats';
import { priceOf, SAVE_FIELDS } from './save';

/** Citizens served at the counter screen, one after another. */
const SERVED = 30;

/** Milliseconds between two keys typed into the form. */
const TYPING = { delay: 25 };

interface SaveTimes {
  /** Each save's key event to the frame after the saved view shows the tracking code, ms. */
  readonly code: number[];
  /** … and to the frame after the receipt is drawn with its QR code: ready to print. */
  readonly receipt: number[];
  /** Enter on «new transaction» after a save to the frame after the service search is shown. */
  readonly next: number[];
  /** Enter in the service search to the frame after the service's form is shown. */
  readonly pick: number[];
}

/**
 * The counter screen as the operator uses it, in the real renderer over the database the page's
 * core holds: SERVED citizens, each typed in with the keyboard (service by a word of its name,
 * citizen, property details, cash received) and saved with Ctrl+S. Times, in the page: each
 * keystroke; Enter on «new transaction» to the service search, and Enter there to the service's
 * form; the save key to the tracking code on screen and to the receipt ready to print (the save
 * through the bridge, the saved transaction read back with the counter's paper, the receipt and its
 * QR code). The printing itself is left out: here it is Chromium's PDF, not the office's printer.
 */
export async function counterScenario(app: AppUnderTest): Promise<Row[]> {
  const { page } = app;
  // The page's own session (the harness calls it page-1).
  const total = await priceOf(app.dispatcher, 'page-1');
  const tendered = Math.ceil(total / 1_000_000) * 1_000_000 + 500_000;

  await page.getByRole('button', { name: 'پیشخوان' }).click();
  await page.evaluate(() => {
    const w = window as unknown as {
      __saveAt: number;
      __saveTimes: SaveTimes;
      __codeShown: boolean;
      __nextAt: number;
      __pickAt: number;
      __typedAt: number;
      __keystrokes: number[];
      __stopCounterTiming: () => void;
    };
    w.__saveTimes = { code: [], receipt: [], next: [], pick: [] };
    w.__saveAt = 0;
    w.__nextAt = 0;
    w.__pickAt = 0;
    w.__keystrokes = [];
    w.__typedAt = 0;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.ctrlKey && e.key.toLowerCase() === 's') {
        w.__saveAt = e.timeStamp;
        w.__codeShown = false;
      }
      if (e.key === 'Enter' && (e.target as HTMLElement | null)?.id === 'service-search')
        w.__pickAt = e.timeStamp;
      // After a save the keyboard is on «new transaction».
      else if (e.key === 'Enter' && document.querySelector('[data-testid=saved-tracking-code]'))
        w.__nextAt = e.timeStamp;
      // A key that types one character (Enter, Tab and the shortcuts type none).
      w.__typedAt = e.key.length === 1 && !e.ctrlKey && !e.altKey && !e.metaKey ? e.timeStamp : 0;
    };
    // The frame after this one is drawn: what the operator sees.
    const drawn = (then: (at: number) => void) =>
      requestAnimationFrame(() => setTimeout(() => then(performance.now())));
    const watch = () => {
      const { __nextAt: nextAt, __pickAt: pickAt } = w;
      if (nextAt && document.getElementById('service-search')) {
        w.__nextAt = 0;
        drawn((at) => w.__saveTimes.next.push(at - nextAt));
      }
      if (pickAt && document.querySelector('[data-testid=chosen-service]')) {
        w.__pickAt = 0;
        drawn((at) => w.__saveTimes.pick.push(at - pickAt));
      }
      const savedAt = w.__saveAt;
      if (!savedAt) return;
      if (!w.__codeShown && document.querySelector('[data-testid=saved-tracking-code]')) {
        w.__codeShown = true;
        drawn((at) => w.__saveTimes.code.push(at - savedAt));
      }
      // The QR code is drawn inline with the receipt: its path is there when the receipt is.
      if (!document.querySelector('[data-testid=receipt-qr] path')) return;
      w.__saveAt = 0;
      drawn((at) => w.__saveTimes.receipt.push(at - savedAt));
    };
    // Each keystroke that types a character into a field, from its key event to the frame after
    // (the fee and the checks follow every keystroke). Playwright types letters off the US layout as
    // inserted text with no keydown: then their insertion marks the keystroke. A field filled whole
    // (the service search) is not a keystroke.
    const onBeforeInput = (e: InputEvent) => {
      if (e.inputType === 'insertText' && [...(e.data ?? '')].length === 1) w.__typedAt ||= e.timeStamp;
      else w.__typedAt = 0;
    };
    const onInput = () => {
      const at = w.__typedAt;
      w.__typedAt = 0;
      if (at) drawn((now) => w.__keystrokes.push(now - at));
    };
    const observer = new MutationObserver(watch);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('beforeinput', onBeforeInput, true);
    window.addEventListener('input', onInput, true);
    w.__stopCounterTiming = () => {
      observer.disconnect();
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('beforeinput', onBeforeInput, true);
      window.removeEventListener('input', onInput, true);
    };
  });

  const driver: number[] = [];
  let typed = 0;
  // Typed key by key, as the operator does (a fast typist's pace: a key queued behind the one
  // before it would be timed with that one's wait too).
  const type = async (field: Locator, text: string) => {
    await field.pressSequentially(text, TYPING);
    typed += [...text].length;
  };
  for (let i = 1; i <= SERVED; i++) {
    // After a save the keyboard is on «new transaction»: Enter starts the next citizen, once the
    // moment in which the button ignores a doubled Enter has passed (the receipt is handed over).
    if (i > 1) {
      await page.waitForTimeout(NEW_AFTER_MS);
      await page.keyboard.press('Enter');
    }
    const search = page.getByRole('combobox', { name: /جست‌وجوی خدمت/ });
    await search.fill('نوسازی');
    await search.press('Enter');
    await page.getByTestId('chosen-service').getByText('عوارض نوسازی').waitFor();
    const citizen = walkInCitizen(2_000_000 + i);
    await type(page.getByLabel('کد ملی', { exact: true }), citizen.nationalId);
    await type(page.getByLabel('تلفن همراه (اختیاری)'), citizen.mobile);
    await type(page.getByLabel('نام', { exact: true }), 'مریم');
    await type(page.getByLabel('نام خانوادگی'), 'کاظمی');
    await type(page.getByLabel('کد پرونده ملک'), SAVE_FIELDS.fileCode);
    await type(page.getByLabel(/مساحت عرصه/), SAVE_FIELDS.landArea);
    await type(page.getByLabel(/مساحت اعیان/), SAVE_FIELDS.builtArea);
    await page.getByLabel('نوع کاربری').selectOption(SAVE_FIELDS.use);
    await type(page.getByLabel(/سال‌های پرداخت‌نشده/), SAVE_FIELDS.unpaidYears);
    // Enter walks from the last detail to the payment method, then to the cash received.
    await page.getByLabel(/سال‌های پرداخت‌نشده/).press('Enter');
    await page.keyboard.press('Enter');
    await type(page.getByLabel('مبلغ دریافتی نقد (ریال)'), String(tendered));
    await page.getByTestId('change-due').waitFor();
    const t0 = process.hrtime.bigint();
    await page.keyboard.press('Control+s');
    await page.waitForFunction((n) => {
      return (window as unknown as { __saveTimes: SaveTimes }).__saveTimes.receipt.length >= n;
    }, i);
    driver.push(ms(t0));
  }
  // The frame after the last keystroke and save has been timed by now (each save waited for its
  // receipt): the page's timing stops before the lookups.
  const { times, keystrokes } = await page.evaluate(() => {
    const w = window as unknown as {
      __saveTimes: SaveTimes;
      __keystrokes: number[];
      __stopCounterTiming: () => void;
    };
    w.__stopCounterTiming();
    return { times: w.__saveTimes, keystrokes: w.__keystrokes };
  });
  if (times.receipt.length !== SERVED || times.code.length !== SERVED)
    throw new Error(
      `timed ${times.code.length} codes and ${times.receipt.length} receipts of ${SERVED} saves`,
    );
  if (times.next.length !== SERVED - 1 || times.pick.length !== SERVED)
    throw new Error(`timed ${times.next.length} new transactions and ${times.pick.length} services picked`);
  if (keystrokes.length !== typed) throw new Error(`timed ${keystrokes.length} of ${typed} keystrokes`);
  const saved = app.core.db
    .prepare("SELECT count(*) AS n FROM transactions WHERE citizen_first_name = 'مریم' AND total = ?")
    .get(total) as { n: number };
  if (saved.n !== SERVED) throw new Error(`${saved.n} of ${SERVED} saves reached the database`);

  const k = summarize(keystrokes);
  const c = summarize(times.code);
  const r = summarize(times.receipt);
  const d = summarize(driver);
  const n = summarize(times.next);
  const p = summarize(times.pick);
  const what = `${SERVED} citizens served with the keyboard, each saved with Ctrl+S, in the page`;
  return [
    p99Row(
      'ui-typing',
      k,
      `max ${round(k.max, 1)} ms; ${keystrokes.length} keystrokes into the counter form (national ID, mobile, names, the property's details, cash received) of the citizens below, typed ${TYPING.delay} ms apart, in the page: each key event to the frame after it`,
    ),
    p99Row(
      'ui-next-citizen',
      n,
      `${times.next.length} times Enter on «new transaction» after a save, in the page: the key event to the frame after the service search is shown`,
    ),
    p99Row(
      'ui-pick-service',
      p,
      `${times.pick.length} services picked with Enter in the service search, in the page: the key event to the frame after the service's form is shown`,
    ),
    p99Row(
      'ui-save-code',
      c,
      `${what}: the key event to the frame after the saved view shows the tracking code; includes one call through the test bridge (the save), as the ui-bridge row`,
    ),
    p99Row(
      'ui-save-receipt',
      r,
      `the same saves, to the frame after the receipt is drawn with its QR code: ready to print (the printing itself is not timed: here it is Chromium's PDF); after the save, two calls through the bridge go together (the saved transaction read back and the counter's paper) before the receipt`,
    ),
    p99Row('ui-save-driver', d, `the same saves timed from Node, with Playwright's round trips`),
  ];
}

/** Tracking codes looked up at the tracking screen. */
const LOOKED_UP = 30;

/**
 * "What happened to my request?": LOOKED_UP tracking codes picked at random from the whole
 * database, each put into Tracking's box (Ctrl+F) with Persian digits and dashes, as a code read
 * over the phone is written, and sent with Enter. Timed in the page from the Enter key to the frame after that transaction is
 * shown with its status.
 */
export async function lookupScenario(app: AppUnderTest): Promise<Row[]> {
  const { page } = app;
  const codes = (
    app.core.db
      .prepare('SELECT tracking_code AS code FROM transactions ORDER BY random() LIMIT ?')
      .all(LOOKED_UP) as { code: string }[]
  ).map((r) => toPersianDigits(formatTrackingCode(r.code)));
  await page.keyboard.press('Control+f');
  const query = page.getByLabel(/کد رهگیری، کد ملی یا تلفن همراه/);
  await query.waitFor();
  await page.evaluate(() => {
    const w = window as unknown as { __lookAt: number; __lookFor: string; __lookups: number[] };
    w.__lookups = [];
    w.__lookAt = 0;
    const input = document.querySelector<HTMLInputElement>('#tracking-query');
    if (!input) throw new Error('no tracking query');
    input.addEventListener('keydown', (e) => e.key === 'Enter' && (w.__lookAt = e.timeStamp), true);
    new MutationObserver(() => {
      const at = w.__lookAt;
      const shown = document.querySelector('[data-testid=transaction-view] h2')?.textContent;
      if (!at || shown !== w.__lookFor || !document.querySelector('[data-testid=transaction-status]')) return;
      w.__lookAt = 0;
      requestAnimationFrame(() => setTimeout(() => w.__lookups.push(performance.now() - at)));
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const driver: number[] = [];
  for (const [i, code] of codes.entries()) {
    await query.fill(code);
    await page.evaluate((c) => ((window as unknown as { __lookFor: string }).__lookFor = c), code);
    const t0 = process.hrtime.bigint();
    await query.press('Enter');
    await page.waitForFunction(
      (n) => (window as unknown as { __lookups: number[] }).__lookups.length >= n,
      i + 1,
    );
    driver.push(ms(t0));
  }
  const lookups = await page.evaluate(() => (window as unknown as { __lookups: number[] }).__lookups);
  const l = summarize(lookups);
  const d = summarize(driver);
  return [
    p99Row(
      'ui-lookup',
      l,
      `${LOOKED_UP} tracking codes picked at random from the whole database, put into Tracking with Persian digits and dashes, in the page: the Enter key to the frame after the transaction is shown with its status; includes two calls in a row through the test bridge (the search, then the transaction read)`,
    ),
    p99Row('ui-lookup-driver', d, `the same lookups timed from Node, with Playwright's round trips`),
  ];
}
