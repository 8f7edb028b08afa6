import type { AppUnderTest } from '../../e2e/harness';
import { gregorianToJalali, tehranWallTime } from '../../../shared/jalali';
import { toPersianDigits } from '../../../shared/text/normalize';
import { ms, p99Row, type Row, summarize } from '../stats';

/** One-year reports shown, each over a range a day later than the one before. */
const REPORTS = 9;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Ranges typed over the report's, key by key. */
const RANGES_TYPED = 3;

/** `۱۴۰۴/۰۹/۱۶`: a date as the manager writes it into the report's range (typed: Latin digits, off the keyboard). */
function typedDate(at: number, digits: 'fa' | 'latin' = 'fa'): string {
  const j = gregorianToJalali(tehranWallTime(at).isoDate);
  const text = `${j.year}/${String(j.month).padStart(2, '0')}/${String(j.day).padStart(2, '0')}`;
  return digits === 'fa' ? toPersianDigits(text) : text;
}

/**
 * The manager's one-year report (Reports, a range of 365 days, «نمایش گزارش»): its totals, a bar
 * for every day and every service, and a table row for every day, service and operator. Timed in
 * the page from the form's submit to the frame after the report for that range is drawn.
 */
export async function reportUiScenario(app: AppUnderTest): Promise<Row[]> {
  const { page } = app;
  await page.getByRole('button', { name: 'گزارش‌ها' }).click();
  const from = page.getByRole('textbox', { name: 'از تاریخ' });
  const to = page.getByRole('textbox', { name: 'تا تاریخ' });
  await from.waitFor();
  await page.evaluate(() => {
    const w = window as unknown as { __reportAt: number; __reportWas: string; __reports: number[] };
    w.__reports = [];
    w.__reportAt = 0;
    const form = document.querySelector('form[aria-label]');
    if (!form) throw new Error('no report form');
    form.addEventListener(
      'submit',
      (e) => {
        w.__reportAt = e.timeStamp;
        w.__reportWas = document.querySelector('[data-testid=report] h2')?.textContent ?? '';
      },
      true,
    );
    new MutationObserver(() => {
      const at = w.__reportAt;
      const heading = document.querySelector('[data-testid=report] h2')?.textContent ?? '';
      if (
        !at ||
        heading === w.__reportWas ||
        !document.querySelector('[data-testid=report] [data-testid=by-method]')
      )
        return;
      w.__reportAt = 0;
      requestAnimationFrame(() => setTimeout(() => w.__reports.push(performance.now() - at)));
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const driver: number[] = [];
  let days = 0;
  for (let i = 0; i < REPORTS; i++) {
    const end = Date.now() - i * DAY_MS;
    await from.fill(typedDate(end - 364 * DAY_MS));
    await to.fill(typedDate(end));
    const t0 = process.hrtime.bigint();
    await page.getByRole('button', { name: 'نمایش گزارش' }).click();
    await page.waitForFunction(
      (n) => (window as unknown as { __reports: number[] }).__reports.length >= n,
      i + 1,
    );
    driver.push(ms(t0));
    days = await page.locator('[data-testid=daily-chart] rect').count();
  }
  const reports = await page.evaluate(() => (window as unknown as { __reports: number[] }).__reports);
  if (reports.length !== REPORTS) throw new Error(`timed ${reports.length} reports of ${REPORTS}`);

  // Then a new range typed over the one shown, the year's report still below it: each key that
  // types a character, from its key event to the frame after.
  await page.evaluate(() => {
    const w = window as unknown as { __typedAt: number; __rangeKeys: number[] };
    w.__rangeKeys = [];
    w.__typedAt = 0;
    window.addEventListener(
      'keydown',
      (e) => (w.__typedAt = e.key.length === 1 && !e.ctrlKey ? e.timeStamp : 0),
      true,
    );
    window.addEventListener(
      'input',
      () => {
        const at = w.__typedAt;
        w.__typedAt = 0;
        if (at) requestAnimationFrame(() => setTimeout(() => w.__rangeKeys.push(performance.now() - at)));
      },
      true,
    );
  });
  for (let i = 0; i < RANGES_TYPED; i++) {
    for (const field of [from, to]) {
      await field.fill('');
      await field.pressSequentially(typedDate(Date.now() - (i + 2) * 30 * DAY_MS, 'latin'), { delay: 25 });
    }
  }
  await page.waitForFunction(
    (n) => (window as unknown as { __rangeKeys: number[] }).__rangeKeys.length >= n,
    RANGES_TYPED * 2 * 10,
  );
  const keys = await page.evaluate(() => (window as unknown as { __rangeKeys: number[] }).__rangeKeys);
  return [
    p99Row(
      'ui-report',
      summarize(reports),
      `${REPORTS} one-year reports, each a day later, over the 100,000 transactions (${days} days with sales, a bar and a table row each), in the page: the form's submit to the frame after the report is drawn; includes one call through the test bridge`,
    ),
    p99Row(
      'ui-report-driver',
      summarize(driver),
      `the same reports timed from Node, with Playwright's round trips`,
    ),
    p99Row(
      'ui-report-typing',
      summarize(keys),
      `${keys.length} keystrokes typing ${RANGES_TYPED * 2} dates into the range while the last one-year report is shown, typed 25 ms apart, in the page: each key event to the frame after`,
    ),
  ];
}
