import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeBrowser, launchApp } from '../../e2e/harness';
import { copyDb, type LargeDb } from '../large-db';
import { ms, p99Row, round, summarize, type Row } from '../stats';
import { counterScenario, lookupScenario } from './ui-counter';
import { reportUiScenario } from './ui-report';

/**
 * Scenario 8 (and the renderer half of 6): the real renderer build in Chromium over a database of
 * `db.count` transactions — first paint, time to show the list, scrolling anywhere, and the delay
 * from a keystroke in the filter to the updated list; then the counter screen (citizens typed in
 * and saved, to the receipt) and Tracking's lookups (ui-counter.ts).
 */
export async function uiScenario(db: LargeDb, slowdown = 1): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pishkhan-bench-ui-'));
  copyDb(db.dataDir, dir);
  const app = await launchApp({ core: { dataDir: dir } });
  try {
    const { page } = app;
    // As on a PC `slowdown` times slower: the page's own thread only (Chromium's DevTools
    // throttling), not the core, the browser's other processes or the disk.
    if (slowdown > 1)
      await (
        await page.context().newCDPSession(page)
      ).send('Emulation.setCPUThrottlingRate', { rate: slowdown });
    // First meaningful paint: from navigation until the first screen (here the login form) is drawn.
    let t0 = process.hrtime.bigint();
    await page.reload();
    await page.getByRole('heading', { name: 'ورود به پیشخوان' }).waitFor();
    const firstScreen = ms(t0);

    const login = await app.dispatcher.call('page-1', 'session.login', {
      username: 'manager',
      password: 'bench password',
    });
    if (!login.ok) throw new Error(login.error.code);
    await page.reload();
    await page.getByRole('button', { name: 'پیگیری' }).click();
    t0 = process.hrtime.bigint();
    await page.locator('[data-testid=tx-list][data-filter=""] [data-testid=tx-row]').first().waitFor();
    const show = ms(t0);

    // Jumping anywhere in the list, timed in the page: from setting the scroll position to the
    // frame after the row at that position is drawn with its data. The driver's own round trips
    // (its call into the page, its polling for the row) are timed from here too, as its figure.
    const list = page.getByTestId('tx-list');
    const scrolls: number[] = [];
    const scrollsDriver: number[] = [];
    for (let i = 0; i < 20; i++) {
      const index = Math.floor(Math.random() * (db.count - 20));
      t0 = process.hrtime.bigint();
      const inPage = list.evaluate(
        (el, row) =>
          new Promise<number>((done) => {
            const drawn = () => el.querySelector(`[data-testid=tx-row][aria-rowindex="${row}"]`) !== null;
            const t = performance.now();
            const finish = () => requestAnimationFrame(() => setTimeout(() => done(performance.now() - t)));
            const observer = new MutationObserver(() => {
              if (!drawn()) return;
              observer.disconnect();
              finish();
            });
            observer.observe(el, { subtree: true, childList: true, attributes: true });
            el.scrollTop = (row - 1) * 40;
            if (drawn()) {
              observer.disconnect();
              finish();
            }
          }),
        index + 1,
      );
      await page.locator(`[data-testid=tx-row][aria-rowindex="${index + 1}"]`).waitFor();
      scrollsDriver.push(ms(t0));
      scrolls.push(await inPage);
    }
    // The bridge that stands in for Electron's IPC here: one 100-row page of the list, in the page.
    const bridge = await page.evaluate(async () => {
      const list = (window as unknown as { pishkhan: Record<string, (input: unknown) => Promise<unknown>> })
        .pishkhan['transactions.list'];
      const out: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        await list?.({ offset: 0, limit: 100, filter: '' });
        out.push(performance.now() - t);
      }
      return out;
    });

    // The keystroke's delay as the operator sees it, timed in the page: from the key's event to
    // the frame after the list shows that filter's rows. Playwright's own round trips (sending the
    // key, polling for the list) are timed from here too, as the driver's figure.
    await page.evaluate(() => {
      const w = window as unknown as { __keyAt: number; __filterDelays: Record<string, number> };
      w.__filterDelays = {};
      const list = document.querySelector('[data-testid=tx-list]');
      const input = document.querySelector<HTMLInputElement>('[data-testid=tx-list-filter]');
      if (!list || !input) throw new Error('no list');
      // Playwright types letters off the US layout as inserted text, with no keydown: the first
      // of the two events marks the keystroke.
      input.addEventListener('keydown', (e) => (w.__keyAt = e.timeStamp), true);
      input.addEventListener('beforeinput', (e) => (w.__keyAt ||= e.timeStamp), true);
      new MutationObserver(() => {
        const shown = list.getAttribute('data-filter');
        if (!w.__keyAt || shown === null || shown !== input.value) return;
        const keyAt = w.__keyAt;
        w.__keyAt = 0;
        requestAnimationFrame(() => setTimeout(() => (w.__filterDelays[shown] = performance.now() - keyAt)));
      }).observe(list, { attributes: true, attributeFilter: ['data-filter'] });
    });
    const filter = page.getByTestId('tx-list-filter');
    const keystrokes: number[] = [];
    const delays: number[] = [];
    // Digits (tracking code, mobile), a name many rows have, and two names no row has (the second from a letter no row has).
    for (const word of ['0912', 'رضا', '1234', 'مریم', 'ژیلا']) {
      await filter.fill('');
      await page.locator('[data-testid=tx-list][data-filter=""]').waitFor();
      let typed = '';
      for (const ch of word) {
        typed += ch;
        t0 = process.hrtime.bigint();
        await filter.pressSequentially(ch);
        await page.locator(`[data-testid=tx-list][data-filter="${typed}"]`).waitFor();
        const handle = await page.waitForFunction(
          (shown) => (window as unknown as { __filterDelays: Record<string, number> }).__filterDelays[shown],
          typed,
        );
        keystrokes.push(ms(t0));
        delays.push(Number(await handle.jsonValue()));
      }
    }
    const s = summarize(scrolls);
    const sd = summarize(scrollsDriver);
    const k = summarize(delays);
    const d = summarize(keystrokes);
    const b = summarize(bridge);
    // Then the counter screen over the same database («مریم», the name no row had, is the citizens').
    const counter = await counterScenario(app);
    const lookups = await lookupScenario(app);
    const report = await reportUiScenario(app);
    const rows: Row[] = [
      {
        scenario: 'start-ui',
        metric: 'first-screen',
        value: round(firstScreen, 1),
        unit: 'ms',
        note: 'navigation to the first screen drawn, renderer build in Chromium',
      },
      {
        scenario: 'ui-list-show',
        metric: 'time',
        value: round(show, 1),
        unit: 'ms',
        note: `${db.count.toLocaleString('en-US')} rows`,
      },
      p99Row(
        'ui-scroll',
        s,
        `${scrolls.length} jumps to a random row, in the page: scroll position set to the frame after that row is drawn with its data; includes the bridge below`,
      ),
      p99Row('ui-scroll-driver', sd, `the same jumps timed from Node, with Playwright's round trips`),
      { scenario: 'ui-filter', metric: 'median', value: round(k.median, 1), unit: 'ms' },
      {
        scenario: 'ui-filter',
        metric: 'p99',
        value: round(k.p99, 1),
        unit: 'ms',
        note: `${delays.length} keystrokes (digits, a name many rows have, two names none have), in the page: key event to the frame after the list shows the filter; includes the bridge below`,
      },
      p99Row(
        'ui-filter-driver',
        d,
        `the same keystrokes timed from Node: Playwright sending the key and polling for the list add their own round trips`,
      ),
      {
        scenario: 'ui-bridge',
        metric: 'median',
        value: round(b.median, 1),
        unit: 'ms',
        note: `p99 ${round(b.p99, 1)} ms; one 100-row page through the test bridge that stands in for Electron's IPC (a Playwright binding)`,
      },
      ...counter,
      ...lookups,
      ...report,
    ];
    return slowdown > 1
      ? rows.map((row) => ({
          ...row,
          note: `${row.note ? `${row.note}; ` : ''}the page's CPU throttled ×${slowdown} (BENCH_UI_SLOWDOWN)`,
        }))
      : rows;
  } finally {
    await app.close();
    await closeBrowser();
    rmSync(dir, { recursive: true, force: true });
  }
}
