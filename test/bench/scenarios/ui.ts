import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeBrowser, launchApp } from '../../e2e/harness';
import { copyDb, type LargeDb } from '../large-db';
import { ms, round, summarize, type Row } from '../stats';

/**
 * Scenario 8 (and the renderer half of 6): the real renderer build in Chromium over a database of
 * `db.count` transactions — first paint, time to show the list, scrolling anywhere, and the delay
 * from a keystroke in the filter to the updated list.
 */
export async function uiScenario(db: LargeDb): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pishkhan-bench-ui-'));
  copyDb(db.dataDir, dir);
  const app = await launchApp({ core: { dataDir: dir } });
  try {
    const { page } = app;
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

    const list = page.getByTestId('tx-list');
    const scrolls: number[] = [];
    for (let i = 0; i < 20; i++) {
      const index = Math.floor(Math.random() * (db.count - 20));
      t0 = process.hrtime.bigint();
      await list.evaluate((el, top) => {
        el.scrollTop = top;
      }, index * 40);
      await page.locator(`[data-testid=tx-row][aria-rowindex="${index + 1}"]`).waitFor();
      scrolls.push(ms(t0));
    }

    const filter = page.getByTestId('tx-list-filter');
    const keystrokes: number[] = [];
    for (const word of ['0912', 'رضا', '1234']) {
      await filter.fill('');
      await page.locator('[data-testid=tx-list][data-filter=""]').waitFor();
      let typed = '';
      for (const ch of word) {
        typed += ch;
        t0 = process.hrtime.bigint();
        await filter.pressSequentially(ch);
        await page.locator(`[data-testid=tx-list][data-filter="${typed}"]`).waitFor();
        keystrokes.push(ms(t0));
      }
    }
    const s = summarize(scrolls);
    const k = summarize(keystrokes);
    return [
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
      {
        scenario: 'ui-scroll',
        metric: 'p99',
        value: round(s.p99, 1),
        unit: 'ms',
        note: `median ${round(s.median, 1)} ms, jump to a random row`,
      },
      { scenario: 'ui-filter', metric: 'median', value: round(k.median, 1), unit: 'ms' },
      {
        scenario: 'ui-filter',
        metric: 'p99',
        value: round(k.p99, 1),
        unit: 'ms',
        note: 'keystroke to updated list, digits and Persian words',
      },
    ];
  } finally {
    await app.close();
    await closeBrowser();
    rmSync(dir, { recursive: true, force: true });
  }
}
