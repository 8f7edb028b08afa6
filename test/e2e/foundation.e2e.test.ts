import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatTehranDateTime } from '../../shared/jalali';
import { toPersianDigits } from '../../shared/text/normalize';
import { closeBrowser, launchApp, type AppUnderTest } from './harness';

const MANAGER = { username: 'manager', password: 'correct horse 1404', fullName: 'زهرا احمدی' };

async function fillSetup(page: Page) {
  await page.getByLabel('نام دفتر').fill('دفتر پیشخوان شمارهٔ ۱۲');
  await page.getByLabel('کد دفتر (۴ رقم)').fill('۱۲۳۴');
  await page.getByLabel('منطقهٔ شهرداری').selectOption('5');
  // Typed with a Persian digit, as on a Persian keyboard.
  await page.getByLabel('شمارهٔ باجه').fill('۲');
  await page.getByLabel('نام و نام خانوادگی').fill(MANAGER.fullName);
  await page.getByLabel('نام کاربری').fill(MANAGER.username);
  await page.getByLabel('رمز عبور', { exact: true }).fill(MANAGER.password);
  await page.getByLabel('تکرار رمز عبور').fill(MANAGER.password);
}

async function login(page: Page, password: string) {
  await page.getByLabel('نام کاربری').fill(MANAGER.username);
  await page.getByLabel('رمز عبور').fill(password);
  await page.getByRole('button', { name: 'ورود' }).click();
  // The form is read-only while the core checks the password; wait for the answer.
  await expect.poll(() => page.locator('input[readonly]').count()).toBe(0);
}

function auditActions(app: AppUnderTest): string[] {
  return (app.core.db.prepare('SELECT action FROM audit_log ORDER BY seq').all() as { action: string }[]).map(
    (r) => r.action,
  );
}

let app: AppUnderTest | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});
afterAll(closeBrowser);

describe('first run, login and the shell in Chromium', () => {
  it('turns the header’s date over at midnight in Tehran with nothing else on screen changing', async () => {
    app = await launchApp();
    const { page } = app;
    // 23:59 in Tehran (UTC+3:30), by the page's own clock.
    const beforeMidnight = Date.parse('2026-03-19T20:29:00Z');
    await page.clock.install({ time: beforeMidnight });
    expect(
      (
        await app.dispatcher.call('setup-script', 'setup.createOffice', {
          officeName: 'دفتر پیشخوان شمارهٔ ۱۲',
          officeCode: '1234',
          district: 3,
          terminalNumber: 1,
          manager: MANAGER,
        })
      ).ok,
    ).toBe(true);
    await page.reload();
    await login(page, MANAGER.password);
    const dateOf = (ms: number) => toPersianDigits(formatTehranDateTime(ms).split(' ')[0] ?? '');
    await expect.poll(() => page.getByTestId('today').textContent()).toBe(dateOf(beforeMidnight));
    await page.clock.fastForward('02:00');
    await expect
      .poll(() => page.getByTestId('today').textContent())
      .toBe(dateOf(beforeMidnight + 2 * 60_000));
    expect(dateOf(beforeMidnight + 2 * 60_000)).not.toBe(dateOf(beforeMidnight));
  });

  it('creates the manager, logs out, refuses a wrong password in Persian, and lands in the RTL shell', async () => {
    app = await launchApp();
    const { page } = app;

    await expect.poll(() => page.getByRole('heading', { name: 'راه‌اندازی دفتر' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual([
      'rtl',
      'fa',
    ]);

    // Submitting an empty form shows a Persian message beside each field and writes nothing.
    await page.getByRole('button', { name: 'راه‌اندازی و ورود' }).click();
    await expect.poll(() => page.getByText('کد دفتر باید دقیقاً ۴ رقم باشد.').isVisible()).toBe(true);
    expect(app.core.office()).toBeNull();
    // No terminal number is offered: a second PC of the office left at 1 would issue the first
    // PC's tracking codes.
    expect(await page.getByLabel('شمارهٔ باجه').inputValue()).toBe('');
    await expect
      .poll(() =>
        page
          .getByText('شمارهٔ باجهٔ این رایانه را همان‌طور که شهرداری مجوز داده وارد کنید (۱ تا ۹۹).')
          .isVisible(),
      )
      .toBe(true);

    await fillSetup(page);
    await app.screenshot('01-setup');
    await page.getByRole('button', { name: 'راه‌اندازی و ورود' }).click();

    const nav = page.getByRole('navigation', { name: 'بخش‌های برنامه' });
    await expect.poll(() => nav.isVisible()).toBe(true);
    // Persian digits typed at setup were stored as ASCII.
    expect(app.core.office()).toMatchObject({ code: '1234', district: 5, terminalNumber: 2 });
    await expect.poll(() => page.getByTestId('office-line').textContent()).toContain('کد دفتر ۱۲۳۴');
    await app.screenshot('02-shell-after-setup');

    await page.getByRole('button', { name: 'خروج' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'ورود به پیشخوان' }).isVisible()).toBe(true);

    // A wrong password sent with Enter pressed twice: one failed attempt, and the keyboard is
    // still in the password field for the next try.
    await page.getByLabel('نام کاربری').fill(MANAGER.username);
    await page.getByLabel('رمز عبور').fill('not the password');
    await page.getByLabel('رمز عبور').press('Enter');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('نام کاربری یا رمز عبور درست نیست.');
    await app.settled();
    expect(app.core.db.prepare('SELECT failed_attempts FROM users WHERE id = 1').get()).toEqual({
      failed_attempts: 1,
    });
    await app.screenshot('03-login-wrong-password');
    await page.keyboard.type(MANAGER.password);
    expect(await page.getByLabel('رمز عبور').inputValue()).toBe(MANAGER.password);
    await page.keyboard.press('Enter');
    await expect.poll(() => nav.isVisible()).toBe(true);
    for (const item of ['پیشخوان', 'پیگیری', 'بستن روز', 'گزارش‌ها', 'همگام‌سازی', 'کاربران', 'تنظیمات']) {
      expect(await nav.getByRole('button', { name: item, exact: true }).isVisible()).toBe(true);
    }

    // Right to left for real: the navigation sits on the right of the content.
    const navBox = await nav.boundingBox();
    const mainBox = await page.getByRole('main').boundingBox();
    expect(navBox && mainBox && navBox.x > mainBox.x).toBe(true);

    // Vazirmatn, bundled with the app, is what the text is drawn with.
    const font = await page.evaluate(async () => {
      await document.fonts.ready;
      const faces = [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Vazirmatn');
      return {
        family: getComputedStyle(document.body).fontFamily,
        loaded: faces.some((f) => f.status === 'loaded'),
        check: document.fonts.check('16px Vazirmatn', 'سلام'),
      };
    });
    expect(font.family).toContain('Vazirmatn');
    expect(font.loaded).toBe(true);
    expect(font.check).toBe(true);
    await app.screenshot('04-shell-rtl');

    // A manager's section opens from the navigation.
    await nav.getByRole('button', { name: 'گزارش‌ها' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'گزارش‌ها', level: 1 }).isVisible()).toBe(true);

    expect(auditActions(app)).toEqual([
      'catalog_applied',
      'office_created',
      'user_created',
      'login',
      'logout',
      'login_failed',
      'login',
    ]);
    expect(app.problems).toEqual([]);
  });

  it('locks the account after 5 failed attempts and lets the manager in after 10 minutes', async () => {
    app = await launchApp();
    const setup = await app.dispatcher.call('setup-script', 'setup.createOffice', {
      officeName: 'دفتر آزمون',
      officeCode: '4321',
      district: 1,
      terminalNumber: 1,
      manager: MANAGER,
    });
    expect(setup.ok).toBe(true);
    await app.page.reload();
    const { page } = app;
    await expect.poll(() => page.getByRole('heading', { name: 'ورود به پیشخوان' }).isVisible()).toBe(true);

    for (let attempt = 1; attempt <= 4; attempt++) {
      await login(page, `wrong-${attempt}`);
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toContain('نام کاربری یا رمز عبور درست نیست.');
    }
    // No count of attempts left: it would tell an account that exists from one that does not.
    expect(await page.getByRole('alert').textContent()).toBe('نام کاربری یا رمز عبور درست نیست.');
    await login(page, 'wrong-5');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('حساب تا ساعت');
    await app.screenshot('05-account-locked');

    // Even the right password is refused while the lock lasts.
    await login(page, MANAGER.password);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('قفل است');
    expect(await page.getByRole('navigation').count()).toBe(0);

    app.advanceClock(10 * 60 * 1000 + 1000);
    await login(page, MANAGER.password);
    await expect.poll(() => page.getByRole('navigation', { name: 'بخش‌های برنامه' }).isVisible()).toBe(true);

    const actions = auditActions(app);
    expect(actions.filter((a) => a === 'login_failed')).toHaveLength(5);
    expect(actions).toContain('account_locked');
    expect(actions).toContain('login_refused_locked');
    expect(actions.at(-1)).toBe('login');
    expect(app.problems).toEqual([]);
  });

  it('locks an idle screen and keeps what was typed behind it', async () => {
    app = await launchApp();
    await app.dispatcher.call('setup-script', 'setup.createOffice', {
      officeName: 'دفتر آزمون',
      officeCode: '4321',
      district: 3,
      terminalNumber: 1,
      manager: MANAGER,
    });
    const { page } = app;
    await page.clock.install();
    await page.reload();
    await login(page, MANAGER.password);
    await page.getByRole('button', { name: 'تنظیمات' }).click();
    const idleField = page.getByLabel('قفل خودکار پس از چند دقیقه بی‌کاری');
    await expect.poll(() => idleField.inputValue()).toBe('۵');
    await idleField.fill('17');

    await page.clock.fastForward('06:00');
    const lockDialog = page.getByRole('dialog', { name: 'صفحه قفل شد' });
    await expect.poll(() => lockDialog.isVisible()).toBe(true);
    await app.screenshot('06-idle-locked');

    await lockDialog.getByLabel('رمز عبور').fill('wrong password');
    await lockDialog.getByRole('button', { name: 'باز کردن قفل' }).click();
    await expect.poll(() => lockDialog.getByRole('alert').textContent()).toContain('درست نیست');
    await lockDialog.getByLabel('رمز عبور').fill(MANAGER.password);
    await lockDialog.getByRole('button', { name: 'باز کردن قفل' }).click();
    await expect.poll(() => lockDialog.isVisible()).toBe(false);
    // Kept, shown in the Persian UI's digits as it was when typed.
    expect(await idleField.inputValue()).toBe('۱۷');

    const actions = auditActions(app);
    expect(actions).toContain('session_locked');
    expect(actions).toContain('unlock_failed');
    expect(actions.at(-1)).toBe('session_unlocked');
    expect(app.problems).toEqual([]);
  });

  it('shows the English UI left to right', async () => {
    app = await launchApp({ language: 'en' });
    const { page } = app;
    await expect.poll(() => page.getByRole('heading', { name: 'Office setup' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await app.screenshot('07-setup-en');
  });
});
