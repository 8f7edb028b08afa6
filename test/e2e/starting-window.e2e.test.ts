import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startingPageUrl } from '../../electron/starting-window';
import { browser, closeBrowser, SCREENSHOT_DIR } from './harness';

afterAll(async () => {
  await closeBrowser();
});

describe('the starting window’s page, in Chromium', () => {
  it('shows the step right to left in the window’s size, with scripts refused', async () => {
    // The window is 560×380 with its frame and title bar; its content area is smaller.
    const context = await (await browser()).newContext({ viewport: { width: 540, height: 330 } });
    try {
      const page = await context.newPage();
      const refused: string[] = [];
      page.on('console', (message) => refused.push(message.text()));
      await page.goto(startingPageUrl({ kind: 'migration', index: 7, total: 8 }));
      await expect.poll(() => page.locator('#step').textContent()).toContain('مرحلهٔ ۷ از ۸');
      expect(await page.locator('p.en').first().textContent()).toContain('step 7 of 8');
      const layout = await page.evaluate(() => ({
        direction: getComputedStyle(document.getElementById('step') as HTMLElement).direction,
        englishDirection: getComputedStyle(document.querySelector('p.en') as HTMLElement).direction,
        overflowsWidth: document.documentElement.scrollWidth > window.innerWidth,
        overflowsHeight: document.documentElement.scrollHeight > window.innerHeight,
      }));
      expect(layout).toEqual({
        direction: 'rtl',
        englishDirection: 'ltr',
        overflowsWidth: false,
        overflowsHeight: false,
      });
      // The page's policy refuses any script, inline or injected.
      await page.addScriptTag({ content: 'document.title = "ran"' }).catch(() => undefined);
      expect(await page.title()).toBe('پیشخوان — Pishkhan');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'starting-window.png') });
    } finally {
      await context.close();
    }
  });
});
