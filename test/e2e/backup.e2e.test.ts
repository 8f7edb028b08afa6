import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatTrackingCode } from '../../shared/tracking-code';
import { toPersianDigits } from '../../shared/text/normalize';
import { quote } from '../integration/sync/fixture-pricing';
import { newTransaction } from '../support/transactions';
import { exclusive } from '../../electron/core/backup/exclusive';
import { closeBrowser, launchApp, type AppUnderTest } from './harness';

const MANAGER = { username: 'manager', password: 'correct horse 1404', fullName: 'زهرا احمدی' };

let app: AppUnderTest | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});
afterAll(closeBrowser);

async function setUpAndLogIn(a: AppUnderTest): Promise<Page> {
  const setup = await a.dispatcher.call('setup-script', 'setup.createOffice', {
    officeName: 'دفتر پیشخوان شمارهٔ ۱۲',
    officeCode: '1234',
    district: 3,
    terminalNumber: 1,
    manager: MANAGER,
  });
  expect(setup.ok).toBe(true);
  await a.page.reload();
  await logIn(a.page);
  return a.page;
}

async function logIn(page: Page): Promise<void> {
  await page.getByLabel('نام کاربری').fill(MANAGER.username);
  await page.getByLabel('رمز عبور').fill(MANAGER.password);
  await page.getByRole('button', { name: 'ورود' }).click();
  await expect.poll(() => page.getByRole('navigation', { name: 'بخش‌های برنامه' }).isVisible()).toBe(true);
}

/** A cash sale saved from the manager's own window (session page-1), as the counter screen saves it. */
async function sell(a: AppUnderTest): Promise<string> {
  const total = quote(a.core.now(), 'waste-fee');
  const r = await a.dispatcher.call(
    'page-1',
    'transactions.create',
    newTransaction('waste-fee', [{ method: 'cash', amount: total, tendered: total }]),
  );
  if (!r.ok) throw new Error(r.error.code);
  return (r.value as { trackingCode: string }).trackingCode;
}

function shown(code: string): string {
  return toPersianDigits(formatTrackingCode(code));
}

describe('backups in Chromium', () => {
  it('backs up, saves another sale, restores with the warning shown, and the restored state is visible', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    const kept = await sell(app);

    await page.getByRole('button', { name: 'پشتیبان‌گیری', exact: true }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'پشتیبان‌گیری و بازگردانی' }).isVisible())
      .toBe(true);
    await page.getByRole('button', { name: 'پشتیبان‌گیری اکنون' }).click();
    await expect.poll(() => page.getByText(/ذخیره و سالم‌سنجی شد/).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('backup-row').count()).toBe(1);
    await app.screenshot('60-backups');

    // A sale after the backup, not yet sent to the municipality.
    const later = await sell(app);

    await page.getByRole('button', { name: 'بازگردانی…' }).click();
    const dialog = page.getByTestId('restore-dialog');
    await expect.poll(() => dialog.getByTestId('restore-newer').textContent()).toContain('۱ تراکنش');
    expect(await dialog.getByTestId('restore-newer').textContent()).toContain('جدیدترند');
    expect(await dialog.getByTestId('restore-unsynced').textContent()).toContain('هنوز به شهرداری نرسیده');
    expect(await dialog.getByTestId('backup-holds').textContent()).toContain('۱ تراکنش');
    // The later sale's audit entries, never sent, go aside too; the restore's own entry names them.
    expect(await dialog.getByTestId('restore-audit-set-aside').textContent()).toContain('کنار گذاشته می‌شود');
    // The database carries on from the backup: who was dismissed and changed passwords stay as now.
    expect(await dialog.getByTestId('restore-accounts').textContent()).toContain('همان‌طور که اکنون هستند');
    const confirm = dialog.getByRole('button', { name: 'بازگردانی', exact: true });
    await dialog.getByLabel('رمز عبور مدیر').fill(MANAGER.password);
    // Refused until the loss of unsent work is confirmed knowingly.
    expect(await confirm.isDisabled()).toBe(true);
    await app.screenshot('61-restore-warning');
    await dialog.getByLabel(/می‌دانم که این کارهای ارسال‌نشده از دست می‌روند/).check();
    expect(await confirm.isDisabled()).toBe(false);
    await confirm.click();
    await expect.poll(() => dialog.getByTestId('restored').isVisible()).toBe(true);
    expect(await dialog.getByTestId('restored').textContent()).toMatch(
      /pishkhan\.sqlite\.replaced-\d{8}T\d{6}Z/,
    );
    await app.screenshot('62-restored');

    // The replaced database is kept aside, never deleted.
    const dataDir = app.core.dataDir;
    expect(
      readdirSync(dataDir).filter((n) => /^pishkhan\.sqlite\.replaced-\d{8}T\d{6}Z$/.test(n)),
    ).toHaveLength(1);

    await dialog.getByRole('button', { name: 'ورود دوباره' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'ورود' }).isVisible()).toBe(true);
    await logIn(page);
    await page.getByRole('button', { name: 'پیگیری' }).click();
    await expect.poll(() => page.getByTestId('tx-row').count()).toBe(1);
    expect(await page.getByTestId('tx-list').textContent()).toContain(shown(kept));
    expect(await page.getByTestId('tx-list').textContent()).not.toContain(shown(later));
    await app.screenshot('63-restored-list');
    expect(existsSync(join(dataDir, 'backups'))).toBe(true);
    expect(app.problems).toEqual([]);
  });

  it('closing a day shows the closed day at once, then the backup taken after it', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    const overview = await app.dispatcher.call('page-1', 'day.overview', {});
    if (!overview.ok) throw new Error(overview.error.code);
    const businessDate = (overview.value as { businessDate: string }).businessDate;
    expect((await app.dispatcher.call('page-1', 'day.open', { businessDate, openingFloat: '0' })).ok).toBe(
      true,
    );
    // Another backup is still being taken (on years of sales the one after the close takes seconds
    // too): held here, so the close's backup waits its turn.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = exclusive(app.core, () => gate);
    await page.getByRole('button', { name: 'بستن روز' }).click();
    await expect.poll(() => page.getByTestId('day-state').textContent()).toBe('باز');
    await page.getByLabel('وجه نقد شمرده‌شده (ریال)').fill('0');
    await page.getByLabel('جمع رسید تسویهٔ پایانهٔ فروش (ریال)').fill('0');
    await page.getByLabel('رمز عبور شما برای امضای بستن روز').fill(MANAGER.password);
    await page.getByRole('button', { name: 'امضا و بستن روز' }).click();
    await expect.poll(() => page.getByTestId('day-state').textContent()).toBe('بسته');
    const note = page.getByTestId('close-backup');
    await expect.poll(() => note.getAttribute('data-state')).toBe('running');
    expect(await note.textContent()).toContain('در حال گرفتن پشتیبان');
    const folder = join(app.core.dataDir, 'backups');
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
    await app.screenshot('64-day-closed-backup-running');

    release();
    await running;
    await expect.poll(() => note.getAttribute('data-state')).toBe('ok');
    const backups = readdirSync(folder);
    expect(backups).toHaveLength(1);
    expect(await note.textContent()).toContain(backups[0]);
    await app.screenshot('64-day-closed-backup');
    expect(app.problems).toEqual([]);
  });

  it('a manager picks the backup folder with the system dialog, and the next backup goes there', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    await page.getByRole('button', { name: 'پشتیبان‌گیری', exact: true }).click();
    const field = page.getByLabel('پوشهٔ پشتیبان', { exact: true });
    // Cancelling the dialog changes nothing.
    await page.getByRole('button', { name: 'انتخاب پوشهٔ پشتیبان' }).click();
    expect(await field.inputValue()).toBe('');
    const chosen = join(app.core.dataDir, '..', `${basename(app.core.dataDir)}-usb`);
    mkdirSync(chosen);
    app.chooseAnswers.folder = chosen;
    await page.getByRole('button', { name: 'انتخاب پوشهٔ پشتیبان' }).click();
    await expect.poll(() => field.inputValue()).toBe(chosen);
    await page.getByRole('button', { name: 'ذخیرهٔ تنظیمات پشتیبان' }).click();
    await expect.poll(() => page.getByText('تنظیمات پشتیبان ذخیره شد.').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'پشتیبان‌گیری اکنون' }).click();
    await expect.poll(() => readdirSync(chosen).filter((f) => f.endsWith('.sqlite')).length).toBe(1);
    await app.screenshot('65-backup-folder-chosen');
    expect(app.problems).toEqual([]);
    rmSync(chosen, { recursive: true, force: true });
  });

  it('marks a backup named while the clock was ahead, and lists the backups taken after it above it', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    await sell(app);
    await page.getByRole('button', { name: 'پشتیبان‌گیری', exact: true }).click();
    await page.getByRole('button', { name: 'پشتیبان‌گیری اکنون' }).click();
    await expect.poll(() => page.getByTestId('backup-row').count()).toBe(1);
    // The same backup as the clock a century ahead would have named it.
    const folder = join(app.core.dataDir, 'backups');
    const made = readdirSync(folder).find((n) => n.endsWith('.sqlite')) ?? '';
    const future = made.replace(/\d{4}-\d{2}-\d{2}-\d{8}T\d{6}Z/, '1478-10-10-20991231T000000Z');
    copyFileSync(join(folder, made), join(folder, future));
    await sell(app);
    await page.getByRole('button', { name: 'پشتیبان‌گیری اکنون' }).click();
    await expect.poll(() => page.getByTestId('backup-row').count()).toBe(3);
    const rows = page.getByTestId('backup-row');
    expect(await rows.nth(0).textContent()).not.toContain(future);
    expect(await rows.nth(0).getByTestId('backup-out-of-order').count()).toBe(0);
    expect(await rows.nth(1).textContent()).toContain(future);
    expect(await rows.nth(1).getByTestId('backup-out-of-order').textContent()).toContain('ساعت رایانه');
    expect(await rows.nth(2).getByTestId('backup-out-of-order').count()).toBe(0);
    await app.screenshot('63-backup-future');
    expect(app.problems).toEqual([]);
  });

  it("marks no backup when this PC's clock is now set back years (a CMOS reset)", async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    await sell(app);
    // The clock this page reads is back in 2000; the backups were named correctly.
    await page.clock.setFixedTime(new Date('2000-01-01T08:00:00Z'));
    await page.getByRole('button', { name: 'پشتیبان‌گیری', exact: true }).click();
    await page.getByRole('button', { name: 'پشتیبان‌گیری اکنون' }).click();
    await expect.poll(() => page.getByTestId('backup-row').count()).toBe(1);
    await sell(app);
    await page.getByRole('button', { name: 'پشتیبان‌گیری اکنون' }).click();
    await expect.poll(() => page.getByTestId('backup-row').count()).toBe(2);
    // Neither is said to have been named with a wrong clock.
    expect(await page.getByTestId('backups-table').textContent()).not.toContain('ساعت رایانه');
    expect(app.problems).toEqual([]);
  });

  it('shows a refused restore of a file that is not a Pishkhan database, and changes nothing', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    const code = await sell(app);
    await page.getByRole('button', { name: 'پشتیبان‌گیری', exact: true }).click();
    // Picked with the system's file dialog, as a manager would.
    const notABackup = join(app.core.dataDir, 'pishkhan.health.json');
    app.chooseAnswers.backup = notABackup;
    await page.getByRole('button', { name: 'انتخاب پروندهٔ پشتیبان' }).click();
    await expect.poll(() => page.getByLabel('مسیر کامل پروندهٔ پشتیبان').inputValue()).toBe(notABackup);
    await page.getByRole('button', { name: 'بررسی پرونده' }).click();
    const dialog = page.getByTestId('restore-dialog');
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('پایگاه دادهٔ پیشخوان نیست');
    expect(await dialog.getByRole('button', { name: 'بازگردانی', exact: true }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'انصراف' }).click();
    await page.getByRole('button', { name: 'پیگیری' }).click();
    await expect.poll(() => page.getByTestId('tx-list').textContent()).toContain(shown(code));
    expect(app.problems).toEqual([]);
  });
});
