import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import sampleCatalog from '../../resources/catalog/sample-catalog.json';
import { insertUser } from '../../electron/core/accounts/mutations';
import { hashPassword } from '../../electron/core/accounts/passwords';
import { catalogSchema } from '../../shared/catalog/schema';
import { tariffFor } from '../../shared/catalog/tariff';
import { checkFieldValues } from '../../shared/counter/field-values';
import { evaluateFee } from '../../shared/fees';
import type { CallInput } from '../../shared/ipc/contract';
import { formatJalali, gregorianToJalali, tehranWallTime } from '../../shared/jalali';
import { formatRials } from '../../shared/money';
import { toPersianDigits } from '../../shared/text/normalize';
import { closeBrowser, launchApp, type AppUnderTest } from './harness';
import { newTransaction, SAMPLE_FIELDS } from '../support/transactions';
import { managerApproval } from '../support/core';

const MANAGER = { username: 'manager', password: 'correct horse 1404', fullName: 'زهرا احمدی' };
const OPERATOR = { username: 'operator1', password: 'operator pass 1404', fullName: 'رضا کریمی' };
const catalog = catalogSchema.parse(sampleCatalog);
const EXPORT_DIR = resolve('test-results/exports');
mkdirSync(EXPORT_DIR, { recursive: true });
const fa = (n: number) => formatRials(n, { digits: 'fa' });

let app: AppUnderTest | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});
afterAll(closeBrowser);

/** First-run setup of office 1234, terminal 1, as the setup screen does it. */
async function setUpOffice(a: AppUnderTest): Promise<void> {
  const setup = await a.dispatcher.call('setup-script', 'setup.createOffice', {
    officeName: 'دفتر پیشخوان شمارهٔ ۱۲',
    officeCode: '1234',
    district: 3,
    terminalNumber: 1,
    manager: MANAGER,
  });
  expect(setup.ok).toBe(true);
}

async function setUpAndLogIn(a: AppUnderTest): Promise<Page> {
  await setUpOffice(a);
  const { page } = a;
  await page.reload();
  await page.getByLabel('نام کاربری').fill(MANAGER.username);
  await page.getByLabel('رمز عبور').fill(MANAGER.password);
  await page.getByRole('button', { name: 'ورود' }).click();
  await expect.poll(() => page.getByRole('navigation', { name: 'بخش‌های برنامه' }).isVisible()).toBe(true);
  return page;
}

function fee(serviceCode: string): number {
  const today = tehranWallTime(Date.now()).isoDate;
  const service = catalog.services.find((s) => s.code === serviceCode);
  const tariff = tariffFor(catalog, serviceCode, today);
  const values = service && checkFieldValues(service, SAMPLE_FIELDS[serviceCode] ?? {});
  if (!tariff || !values?.ok) throw new Error(serviceCode);
  const result = evaluateFee(tariff, values.values, { today });
  if (!result.ok) throw new Error(result.error.code);
  return result.value.total;
}

type Payments = CallInput<'transactions.create'>['payments'];

async function sell(
  a: AppUnderTest,
  sessionKey: string,
  serviceCode: string,
  how: 'cash' | 'card' | 'split',
  change = 0,
) {
  const total = fee(serviceCode);
  const cash = how === 'cash' ? total : how === 'split' ? Math.floor(total / 2) : 0;
  const payments: Payments = [];
  if (cash > 0) payments.push({ method: 'cash', amount: cash, tendered: cash + change });
  if (total - cash > 0) payments.push({ method: 'card', amount: total - cash, reference: '123456789012' });
  const r = await a.dispatcher.call(sessionKey, 'transactions.create', newTransaction(serviceCode, payments));
  if (!r.ok) throw new Error(r.error.code);
  return { id: (r.value as { id: string }).id, total, cash, card: total - cash };
}

describe('the manager in Chromium', () => {
  it('opens a day, serves citizens, records a cash movement and closes with an explained difference', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    insertUser(
      app.core.db,
      {
        username: OPERATOR.username,
        fullName: OPERATOR.fullName,
        role: 'operator',
        passwordHash: await hashPassword(OPERATOR.password),
      },
      app.core.now(),
    );
    expect(
      (
        await app.dispatcher.call('operator-script', 'session.login', {
          username: OPERATOR.username,
          password: OPERATOR.password,
        })
      ).ok,
    ).toBe(true);

    // Cash with change, card, split, and one voided: from the operator and the manager's window.
    const cash = await sell(app, 'operator-script', 'property-renewal-dues', 'cash', 500_000);
    const card = await sell(app, 'operator-script', 'waste-fee', 'card');
    const split = await sell(app, 'page-1', 'vehicle-dues', 'split', 30_000);
    const voided = await sell(app, 'operator-script', 'business-dues', 'cash', 0);
    const voidResult = await app.dispatcher.call('operator-script', 'transactions.void', {
      id: voided.id,
      ...managerApproval('متقاضی منصرف شد'),
    });
    expect(voidResult.ok).toBe(true);

    await page.getByRole('button', { name: 'بستن روز' }).click();
    const today = tehranWallTime(Date.now()).isoDate;
    await expect
      .poll(() => page.getByTestId('business-date').textContent())
      .toContain(toPersianDigits(formatJalali(gregorianToJalali(today))));
    await page.getByLabel('موجودی اول روز صندوق (ریال)').fill('۵٬۰۰۰٬۰۰۰');
    await app.screenshot('30-day-open-form');
    await page.getByRole('button', { name: 'باز کردن روز' }).click();
    await expect.poll(() => page.getByTestId('day-state').textContent()).toBe('باز');

    const kept = cash.total + card.total + split.total;
    await expect.poll(() => page.getByTestId('kept-total').textContent()).toBe(fa(kept));
    expect(await page.getByTestId('voided-total').textContent()).toBe(fa(voided.total));
    expect(await page.getByTestId('cash-kept').textContent()).toBe(fa(cash.cash + split.cash));
    expect(await page.getByTestId('unacknowledged').textContent()).toContain('۴ تراکنش از ۴');
    await expect.poll(() => page.getByTestId('voids').textContent()).toContain('متقاضی منصرف شد');

    // A bank deposit out of the drawer.
    const movement = page.getByRole('form', { name: 'ثبت جابه‌جایی وجه نقد' });
    await movement.getByLabel('نوع').selectOption('out');
    await movement.getByLabel('علت').selectOption('bank_deposit');
    await movement.getByLabel('مبلغ (ریال)').fill('-100');
    await movement.getByRole('button', { name: 'ثبت' }).click();
    await expect.poll(() => movement.getByRole('alert').first().textContent()).toContain('منفی');
    await movement.getByLabel('مبلغ (ریال)').fill('2,000,000');
    await movement.getByLabel('توضیح').fill('واریز به حساب بانک ملت');
    // A double click records the deposit once; so do Enter pressed again and a second click while
    // the core has not answered the first (forced: Playwright would otherwise wait for the button
    // to be enabled again, as a person does not).
    const recordButton = movement.getByRole('button', { name: 'ثبت' });
    const release = app.hold('day.recordMovement');
    await recordButton.dblclick();
    await movement.getByLabel('توضیح').press('Enter');
    await recordButton.click({ force: true });
    release();
    await app.settled();
    await expect.poll(() => page.getByTestId('movements').textContent()).toContain('واریز به حساب بانک ملت');
    expect(app.core.db.prepare('SELECT count(*) AS n FROM cash_movements').get()).toEqual({ n: 1 });
    const expectedCash = 5_000_000 + cash.cash + split.cash - 2_000_000;
    const expectedCard = card.card + split.card;
    await expect.poll(() => page.getByTestId('expected-cash').textContent()).toBe(fa(expectedCash));
    expect(await page.getByTestId('expected-card').textContent()).toBe(fa(expectedCard));
    await app.screenshot('31-day-reconciliation');

    // Close: 100,000 Rials short in cash, the slip matches. Bad input first.
    await page.getByLabel('وجه نقد شمرده‌شده (ریال)').fill('صد هزار');
    await page.getByLabel('جمع رسید تسویهٔ پایانهٔ فروش (ریال)').fill(String(expectedCard));
    await page.getByRole('button', { name: 'امضا و بستن روز' }).click();
    await expect.poll(() => page.getByText('مبلغ را فقط با رقم').first().isVisible()).toBe(true);
    await page.getByLabel('وجه نقد شمرده‌شده (ریال)').fill(String(expectedCash - 100_000));
    await expect.poll(() => page.getByTestId('cash-difference').textContent()).toContain(fa(-100_000));
    await page.getByLabel('رمز عبور شما برای امضای بستن روز').fill(MANAGER.password);
    await page.getByRole('button', { name: 'امضا و بستن روز' }).click();
    await expect.poll(() => page.getByText('برای این مغایرت توضیح بنویسید.').isVisible()).toBe(true);
    await page.getByLabel('توضیح مغایرت نقد').fill('یک اسکناس ۱۰۰ هزار ریالی به‌اشتباه باقی داده شد');
    await page.getByLabel('رمز عبور شما برای امضای بستن روز').fill('wrong password');
    await page.getByRole('button', { name: 'امضا و بستن روز' }).click();
    await expect.poll(() => page.getByText('نام کاربری یا رمز عبور درست نیست').isVisible()).toBe(true);
    await page.getByLabel('رمز عبور شما برای امضای بستن روز').fill(MANAGER.password);
    await app.screenshot('32-day-close-form');
    await page.getByRole('button', { name: 'امضا و بستن روز' }).click();
    await expect.poll(() => page.getByTestId('day-state').textContent()).toBe('بسته');
    expect(await page.getByTestId('closed-cash-difference').textContent()).toBe(fa(-100_000));
    expect(await page.getByTestId('settlement-state').textContent()).toContain('در صف ارسال');
    await app.screenshot('33-day-closed');

    // The day's reconciliation exported: the signed numbers and the note.
    const [dayCsv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'خروجی CSV روز' }).click(),
    ]);
    const dayCsvPath = join(EXPORT_DIR, dayCsv.suggestedFilename());
    await dayCsv.saveAs(dayCsvPath);
    const dayText = readFileSync(dayCsvPath, 'utf8');
    expect(dayText).toContain(`نقد مورد انتظار,${expectedCash}\r\n`);
    expect(dayText).toContain(`نقد شمرده‌شده,${expectedCash - 100_000}\r\n`);
    expect(dayText).toContain('مغایرت نقد,-100000\r\n');
    expect(dayText).toContain('یک اسکناس ۱۰۰ هزار ریالی به‌اشتباه باقی داده شد');
    const [dayXlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'خروجی اکسل روز' }).click(),
    ]);
    expect(dayXlsx.suggestedFilename()).toMatch(/^pishkhan-day-.*\.xlsx$/);

    const row = app.core.db.prepare('SELECT state, cash_difference, cash_note FROM business_days').get();
    expect(row).toEqual({
      state: 'closed',
      cash_difference: -100_000,
      cash_note: 'یک اسکناس ۱۰۰ هزار ریالی به‌اشتباه باقی داده شد',
    });
    expect(
      app.core.db.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'day_settlement'").get(),
    ).toEqual({ n: 1 });
    // A sale after the close belongs to the next business day.
    const late = await sell(app, 'operator-script', 'waste-fee', 'card');
    const lateRow = app.core.db
      .prepare('SELECT business_date FROM transactions WHERE id = ?')
      .get(late.id) as { business_date: string };
    expect(lateRow.business_date > today).toBe(true);

    // Reports: the month so far, charts, CSV, XLSX and an A4 PDF.
    await page.getByRole('button', { name: 'گزارش‌ها' }).click();
    // The first day pasted back with a right-to-left mark and a ZWNJ, as copied from a Persian text.
    const from = page.getByLabel('از تاریخ', { exact: true }).first();
    await from.fill(`\u200f${await from.inputValue()}\u200c`);
    await page.getByRole('button', { name: 'نمایش گزارش' }).click();
    await expect.poll(() => page.getByTestId('report-total').textContent()).toBe(fa(kept));
    expect(await page.getByTestId('daily-chart-bar').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('service-chart-bar').count()).toBe(4);
    expect(await page.getByTestId('by-method').textContent()).toContain(fa(cash.cash + split.cash));
    await app.screenshot('50-report');

    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'خروجی CSV' }).click(),
    ]);
    const csvPath = join(EXPORT_DIR, csvDownload.suggestedFilename());
    await csvDownload.saveAs(csvPath);
    const csv = readFileSync(csvPath, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('سهم شهرداری (ریال)');
    expect(csv).toContain(`جمع کل,3,`);
    // No refunds yet: nothing refunded, and each share net of refunds is the share itself.
    expect(csv).toContain(`,${kept},1,${voided.total},0,0,0,0,`);
    expect(csv).toContain(`,${kept}\r\n`);
    expect(csv).toContain('عوارض نوسازی,1,');

    const [xlsxDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'خروجی اکسل (XLSX)' }).click(),
    ]);
    const xlsxPath = join(EXPORT_DIR, xlsxDownload.suggestedFilename());
    await xlsxDownload.saveAs(xlsxPath);
    expect(xlsxPath.endsWith('.xlsx')).toBe(true);
    // fflate comes with write-excel-file: the workbook is a zip of XML parts.
    const parts = unzipSync(readFileSync(xlsxPath));
    const text = (name: string) => strFromU8(parts[name] ?? new Uint8Array());
    expect(text('xl/workbook.xml')).toContain('روزانه');
    const daily = text('xl/worksheets/sheet1.xml');
    expect(daily).toContain('rightToLeft="1"');
    expect(daily).toMatch(new RegExp(`<c [^>]*><v>${kept}</v></c>`));
    const strings = text('xl/sharedStrings.xml') + daily;
    expect(strings).toContain('جمع کل');

    // A year's tables are drawn on screen only once scrolled to; on paper, whole.
    const tablesDrawn = () =>
      page
        .getByTestId('report-table')
        .evaluateAll((tables) => tables.map((table) => getComputedStyle(table).contentVisibility));
    expect(await tablesDrawn()).toEqual(['auto', 'auto', 'auto']);
    await page.emulateMedia({ media: 'print' });
    expect(await tablesDrawn()).toEqual(['visible', 'visible', 'visible']);
    // Printed alone: the report shows, the app around it and its buttons do not.
    expect(await page.getByTestId('report').isVisible()).toBe(true);
    expect(await page.getByRole('navigation', { name: 'بخش‌های برنامه' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'خروجی CSV' }).isVisible()).toBe(false);
    const pdfPath = join(EXPORT_DIR, 'report.pdf');
    await page.pdf({ path: pdfPath, printBackground: true, preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');

    // The next morning the closed day's cash sale is voided and refunded from the new drawer. The
    // closed day's figures stay as signed; the refund shows on the day that paid it.
    const lateVoid = await app.dispatcher.call('operator-script', 'transactions.void', {
      id: cash.id,
      ...managerApproval('شهروند فردا برای انصراف آمد'),
    });
    expect(lateVoid.ok).toBe(true);
    await page.getByRole('button', { name: 'نمایش گزارش' }).click();
    await expect.poll(() => page.getByTestId('report-refunds').textContent()).toBe(fa(0));
    expect(await page.getByTestId('report-total').textContent()).toBe(fa(kept));
    const tomorrow = gregorianToJalali(lateRow.business_date);
    await page.getByLabel('تا تاریخ', { exact: true }).fill(toPersianDigits(formatJalali(tomorrow)));
    await page.getByRole('button', { name: 'نمایش گزارش' }).click();
    await expect.poll(() => page.getByTestId('report-refunds').textContent()).toBe(fa(cash.total));
    expect(await page.getByTestId('report-total').textContent()).toBe(fa(kept + late.total));
    expect(await page.getByTestId('report-net').textContent()).toBe(fa(kept + late.total - cash.total));
    // Each share net of the refund: every sale still standing, the refunded one's share given back.
    const standing = app.core.db
      .prepare(
        "SELECT sum(municipal_total) AS municipal, sum(office_total) AS office FROM transactions WHERE status != 'voided'",
      )
      .get() as { municipal: number; office: number };
    expect(await page.getByTestId('report-net-municipal').textContent()).toBe(fa(standing.municipal));
    expect(await page.getByTestId('report-net-office').textContent()).toBe(fa(standing.office));
    expect(await page.getByTestId('by-method').textContent()).toContain(fa(cash.cash));
    await expect.poll(() => page.getByText('فروشی که پس از بستن روزش باطل شده').isVisible()).toBe(true);
    await app.screenshot('51-report-late-refund');

    // The audit trail checked at start and on demand.
    expect(await page.getByTestId('audit-startup').textContent()).toContain('دست‌نخورده');
    await page.getByRole('button', { name: 'بررسی دوباره' }).click();
    await expect.poll(() => page.getByTestId('audit-last').textContent()).toContain('دست‌نخورده');

    // The municipality refuses the day's settlement (push.ts sets it aside): the day no longer says
    // it is queued, but names the reason and sends the manager to the Sync screen.
    app.core.db
      .prepare(
        "UPDATE outbox SET state = 'needs_attention', last_error = 'rejected: settlement_expected_card_mismatch' WHERE kind = 'day_settlement'",
      )
      .run();
    await page
      .getByRole('navigation', { name: 'بخش‌های برنامه' })
      .getByRole('button', { name: 'بستن روز' })
      .click();
    await page.getByRole('listitem').filter({ hasText: 'بسته' }).click();
    await expect
      .poll(() => page.getByTestId('settlement-state').textContent())
      .toContain('شهرداری گزارش تسویهٔ این روز را نپذیرفته است');
    expect(await page.getByTestId('settlement-state').textContent()).toContain('همگام‌سازی');
    expect(await page.getByTestId('settlement-reason').textContent()).toContain(
      'جمع کارتیِ مورد انتظار در گزارش بستن این روز',
    );
    await app.screenshot('35-day-settlement-refused');
    expect(app.problems).toEqual([]);
  });

  it('creates an operator, resets their password, deactivates them, and keeps the last manager', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    await page.getByRole('button', { name: 'کاربران' }).click();
    const form = page.getByRole('form', { name: 'افزودن کاربر' });
    await form.getByLabel('نام کاربری').fill('Operator1');
    await form.getByLabel('نام و نام خانوادگی').fill(OPERATOR.fullName);
    await form.getByLabel('رمز اولیه').fill('short');
    await form.getByRole('button', { name: 'افزودن کاربر' }).click();
    await expect.poll(() => form.getByText('رمز عبور باید دست‌کم ۸ نویسه باشد.').isVisible()).toBe(true);
    await form.getByLabel('رمز اولیه').fill(OPERATOR.password);
    // A double click, and a click again while the core has not answered, create the user once,
    // with no "already taken" beside it.
    const releaseCreate = app.hold('users.create');
    await form.getByRole('button', { name: 'افزودن کاربر' }).dblclick();
    await form.getByRole('button', { name: 'افزودن کاربر' }).click({ force: true });
    releaseCreate();
    await app.settled();
    const row = page.getByTestId('user-operator1');
    await expect.poll(() => row.textContent()).toContain('باید رمز را عوض کند');
    // The first password works for three days, and the manager sees until when.
    expect(await row.textContent()).toMatch(
      /رمز موقت تا [۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2} معتبر است/,
    );
    // Whatever the answers set is drawn by now.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    expect(await form.getByRole('alert').count()).toBe(0);
    await app.screenshot('40-users');

    const login = await app.dispatcher.call('op', 'session.login', {
      username: 'operator1',
      password: OPERATOR.password,
    });
    expect(login).toMatchObject({ ok: true, value: { mustChangePassword: true } });

    // The manager's own row offers no reset: the core refuses it (cannot_reset_own_password).
    expect(
      await page.getByTestId('user-manager').getByRole('button', { name: 'تعیین رمز موقت' }).count(),
    ).toBe(0);
    // A password typed, then cancelled, is not there when the dialog opens again.
    await row.getByRole('button', { name: 'تعیین رمز موقت' }).click();
    const dialog = page.getByRole('dialog', { name: /رمز موقت برای/ });
    await dialog.getByLabel('رمز موقت').fill('meant for no one');
    await dialog.getByRole('button', { name: 'انصراف' }).click();
    await row.getByRole('button', { name: 'تعیین رمز موقت' }).click();
    await expect.poll(() => dialog.getByLabel('رمز موقت').inputValue()).toBe('');
    await dialog.getByLabel('رمز موقت').fill('temporary pass 7');
    await app.screenshot('41-users-reset');
    await dialog.getByRole('button', { name: 'تعیین رمز' }).click();
    await expect.poll(() => page.getByText(/رمز موقت «رضا کریمی» تعیین شد/).isVisible()).toBe(true);
    expect(
      await app.dispatcher.call('op2', 'session.login', {
        username: 'operator1',
        password: OPERATOR.password,
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });

    await row.getByRole('button', { name: 'غیرفعال کردن' }).click();
    await expect.poll(() => row.textContent()).toContain('غیرفعال');
    expect(
      await app.dispatcher.call('op3', 'session.login', {
        username: 'operator1',
        password: 'temporary pass 7',
      }),
    ).toMatchObject({ ok: false, error: { code: 'account_inactive' } });

    await page.getByTestId('user-manager').getByRole('button', { name: 'غیرفعال کردن' }).click();
    // A manager never deactivates their own account: another manager does.
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('حساب خودتان را نمی‌توانید غیرفعال کنید');
    await app.screenshot('42-users-last-manager');

    expect(app.core.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 2 });
    expect(app.problems).toEqual([]);
  });

  it('shows the versions in Settings, keeps an https update address and saves a diagnostics folder', async () => {
    app = await launchApp({ core: { appVersion: '1.4.0' } });
    const page = await setUpAndLogIn(app);
    // A receipt paper a newer version wrote, which this one does not know.
    const paper = () =>
      app?.core.db.prepare("SELECT value FROM settings WHERE key = 'receiptLayout'").pluck().get() as string;
    app.core.db
      .prepare(
        `INSERT INTO settings (key, value) VALUES ('receiptLayout', '"76mm"')
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      )
      .run();
    await page.getByRole('button', { name: 'تنظیمات' }).click();
    await expect.poll(() => page.getByTestId('app-version').textContent()).toBe('۱.۴.۰');
    expect(await page.getByTestId('schema-version').textContent()).toBe(
      toPersianDigits(String(app.core.schemaVersion)),
    );
    // The automatic update address: refused unless https, kept when it is.
    const feed = page.getByLabel('نشانی به‌روزرسانی خودکار');
    await feed.fill('http://updates.karaj.ir/pishkhan');
    await page.getByRole('button', { name: 'ذخیره', exact: true }).click();
    await expect
      .poll(() => page.getByText(/نشانی به‌روزرسانی باید یک نشانی کامل https باشد/).isVisible())
      .toBe(true);
    expect(app.dispatcher.updateState().feedBaseUrl).toBeNull();
    await feed.fill('https://updates.karaj.ir/pishkhan');
    await page.getByRole('button', { name: 'ذخیره', exact: true }).click();
    await expect.poll(() => page.getByText('تنظیمات ذخیره شد.').isVisible()).toBe(true);
    expect(app.dispatcher.updateState()).toEqual({
      feedBaseUrl: 'https://updates.karaj.ir/pishkhan',
      blocker: null,
    });
    // Saving the other settings left the paper as it was: nobody chose one.
    expect(paper()).toBe('"76mm"');

    await page.getByRole('button', { name: 'ذخیرهٔ اطلاعات عیب‌یابی' }).click();
    const folderCell = page.getByTestId('diagnostics-folder');
    await expect.poll(() => folderCell.isVisible()).toBe(true);
    const folder = (await folderCell.textContent()) ?? '';
    expect(folder.startsWith(join(app.core.dataDir, 'diagnostics'))).toBe(true);
    const versions = JSON.parse(readFileSync(join(folder, 'versions.json'), 'utf8')) as { app: string };
    expect(versions.app).toBe('1.4.0');
    await app.screenshot('46-settings-diagnostics');
    expect(app.problems).toEqual([]);
  });

  it('makes a new operator choose a password before anything else, in the core and on screen', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    await page.getByRole('button', { name: 'کاربران' }).click();
    const form = page.getByRole('form', { name: 'افزودن کاربر' });
    await form.getByLabel('نام کاربری').fill(OPERATOR.username);
    await form.getByLabel('نام و نام خانوادگی').fill(OPERATOR.fullName);
    await form.getByLabel('رمز اولیه').fill(OPERATOR.password);
    await form.getByRole('button', { name: 'افزودن کاربر' }).click();
    await expect.poll(() => page.getByTestId('user-operator1').isVisible()).toBe(true);

    // The main side refuses work to a session with a temporary password, not only the screen.
    const login = await app.dispatcher.call('script', 'session.login', {
      username: OPERATOR.username,
      password: OPERATOR.password,
    });
    expect(login).toMatchObject({ ok: true, value: { mustChangePassword: true } });
    expect(
      await app.dispatcher.call('script', 'transactions.list', { offset: 0, limit: 10, filter: '' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'password_change_required' },
    });
    expect(await app.dispatcher.call('script', 'session.current', {})).toMatchObject({ ok: true });

    await page.getByRole('button', { name: 'خروج' }).click();
    await page.getByLabel('نام کاربری').fill(OPERATOR.username);
    await page.getByLabel('رمز عبور').fill(OPERATOR.password);
    await page.getByRole('button', { name: 'ورود' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'تعیین رمز تازه' }).isVisible()).toBe(true);
    expect(await page.getByRole('navigation', { name: 'بخش‌های برنامه' }).count()).toBe(0);
    await page.getByLabel('رمز فعلی (یا رمز موقت)').fill(OPERATOR.password);
    await page.getByLabel('رمز تازه', { exact: true }).fill('only mine 1405');
    await page.getByLabel('تکرار رمز تازه').fill('only mine 1405');
    await app.screenshot('43-change-password');
    await page.getByRole('button', { name: 'ذخیرهٔ رمز تازه' }).click();
    const nav = page.getByRole('navigation', { name: 'بخش‌های برنامه' });
    await expect.poll(() => nav.isVisible()).toBe(true);
    // An operator is offered only what the core lets an operator do.
    const offered = await nav.getByRole('button').allTextContents();
    expect(offered).toContain('پیشخوان');
    for (const managerOnly of ['بستن روز', 'گزارش‌ها', 'کاربران'])
      expect(offered.some((text) => text.includes(managerOnly))).toBe(false);
    expect(
      await app.dispatcher.call('script2', 'session.login', {
        username: OPERATOR.username,
        password: 'only mine 1405',
      }),
    ).toMatchObject({ ok: true, value: { mustChangePassword: false } });

    // The manager deactivates the operator meanwhile: the operator's next step ends at the login
    // screen, which says why.
    await app.dispatcher.call('manager-script', 'session.login', {
      username: MANAGER.username,
      password: MANAGER.password,
    });
    const { id } = app.core.db.prepare("SELECT id FROM users WHERE username = 'operator1'").get() as {
      id: number;
    };
    expect(
      (await app.dispatcher.call('manager-script', 'users.setActive', { userId: id, active: false })).ok,
    ).toBe(true);
    await nav.getByRole('button', { name: 'پیگیری' }).click();
    await expect
      .poll(() => page.getByText('این حساب غیرفعال است؛ با مدیر دفتر تماس بگیرید.').isVisible())
      .toBe(true);
    expect(await page.getByRole('button', { name: 'ورود' }).isVisible()).toBe(true);
    expect(await nav.count()).toBe(0);
    expect(app.problems).toEqual([]);
  });

  it('lets a signed-in user change their own password when they choose to', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    const open = () => page.getByRole('button', { name: 'تغییر رمز', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'تغییر رمز عبور' });
    await open();
    await dialog.getByLabel('رمز فعلی (یا رمز موقت)').fill('not my password');
    await dialog.getByLabel('رمز تازه', { exact: true }).fill('chosen anew 1405');
    await dialog.getByLabel('تکرار رمز تازه').fill('chosen anew 1405');
    await dialog.getByRole('button', { name: 'ذخیرهٔ رمز تازه' }).click();
    await expect.poll(() => dialog.getByText('نام کاربری یا رمز عبور درست نیست.').isVisible()).toBe(true);
    // Closed and opened again: nothing typed before is still there.
    await dialog.getByRole('button', { name: 'انصراف' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await open();
    expect(await dialog.getByLabel('رمز فعلی (یا رمز موقت)').inputValue()).toBe('');
    await dialog.getByLabel('رمز فعلی (یا رمز موقت)').fill(MANAGER.password);
    await dialog.getByLabel('رمز تازه', { exact: true }).fill('chosen anew 1405');
    await dialog.getByLabel('تکرار رمز تازه').fill('chosen anew 1405');
    await dialog.getByRole('button', { name: 'ذخیرهٔ رمز تازه' }).click();
    await expect.poll(() => page.getByText('رمز عبور شما تغییر کرد.').isVisible()).toBe(true);
    expect(await dialog.isVisible()).toBe(false);
    // The window stays signed in, and the core knows the new password and not the old one.
    expect(await page.getByRole('navigation', { name: 'بخش‌های برنامه' }).isVisible()).toBe(true);
    expect(
      await app.dispatcher.call('script', 'session.login', {
        username: MANAGER.username,
        password: MANAGER.password,
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    expect(
      await app.dispatcher.call('script', 'session.login', {
        username: MANAGER.username,
        password: 'chosen anew 1405',
      }),
    ).toMatchObject({ ok: true, value: { mustChangePassword: false } });
    await page.getByRole('button', { name: 'کاربران' }).click();
    expect(await page.getByText('رمز عبور شما تغییر کرد.').count()).toBe(0);
    expect(app.problems).toEqual([]);
  });

  it("shows the municipality's notices from the header, marked new until seen", async () => {
    const a = (app = await launchApp());
    const page = await setUpAndLogIn(a);
    // As the pull stores one (sync/pull.ts).
    a.core.db
      .prepare('INSERT INTO notices (id, seq, text_fa, text_en, at, received_at) VALUES (?, 1, ?, ?, ?, ?)')
      .run('n-1', 'ساعت کار دفترها در روز تعطیل: ۸ تا ۱۲', 'Offices open 8 to 12', Date.now(), Date.now());
    const dialog = page.getByRole('dialog', { name: 'اطلاعیه‌های شهرداری' });
    await page.getByTestId('notices-button').click();
    await expect.poll(() => dialog.getByTestId('notice').count()).toBe(1);
    expect(await dialog.getByTestId('notice').textContent()).toContain('ساعت کار دفترها در روز تعطیل');
    expect(await dialog.getByText('تازه', { exact: true }).isVisible()).toBe(true);
    await expect
      .poll(() => a.core.db.prepare("SELECT read_at FROM notices WHERE id = 'n-1'").pluck().get())
      .not.toBeNull();
    await dialog.getByRole('button', { name: 'بستن' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await page.getByTestId('notices-button').click();
    await expect.poll(() => dialog.getByTestId('notice').count()).toBe(1);
    await expect.poll(() => dialog.getByText('تازه', { exact: true }).count()).toBe(0);
  });

  it('shows a day with sales left unopened three months ago, and it is opened from the date list', async () => {
    app = await launchApp();
    const a = app;
    await setUpOffice(a);
    const forgotten = tehranWallTime(a.core.now()).isoDate;
    await sell(a, 'setup-script', 'waste-fee', 'cash');
    // The office was shut for three months; nobody opened or closed that day.
    a.advanceClock(90 * 24 * 60 * 60 * 1000);
    const page = a.page;
    await page.reload();
    await page.getByLabel('نام کاربری').fill(MANAGER.username);
    await page.getByLabel('رمز عبور').fill(MANAGER.password);
    await page.getByRole('button', { name: 'ورود' }).click();
    await page.getByRole('button', { name: 'بستن روز' }).click();
    const shown = toPersianDigits(formatJalali(gregorianToJalali(forgotten)));
    await expect
      .poll(() => page.getByTestId('unopened-earlier').textContent())
      .toBe(
        `۱ روزِ پیشین فروش یا بازپرداخت دارد و روز کاری‌اش هنوز باز نشده است (قدیمی‌ترین: ${shown}). هر یک را با «تاریخ روز کاری» در فرم زیر باز کنید و سپس ببندید.`,
      );
    await a.screenshot('34-day-unopened-earlier');
    await page.getByLabel('تاریخ روز کاری').selectOption(forgotten);
    await page.getByLabel('موجودی اول روز صندوق (ریال)').fill('0');
    await page.getByRole('button', { name: 'باز کردن روز' }).click();
    await expect.poll(() => page.getByTestId('day-state').textContent()).toBe('باز');
    await expect.poll(() => page.getByTestId('unopened-earlier').count()).toBe(0);
    expect(a.core.db.prepare('SELECT business_date, state FROM business_days').all()).toEqual([
      { business_date: forgotten, state: 'open' },
    ]);
    expect(a.problems).toEqual([]);
  });

  it('works in English: opens a day and shows a report with Latin digits', async () => {
    app = await launchApp({ language: 'en' });
    await setUpOffice(app);
    const { page } = app;
    await page.reload();
    await page.getByLabel('Username').fill(MANAGER.username);
    await page.getByLabel('Password').fill(MANAGER.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('navigation').isVisible()).toBe(true);
    const sale = await sell(app, 'page-1', 'waste-fee', 'cash', 50_000);
    await page.getByRole('button', { name: 'Day close' }).click();
    await page.getByLabel('Opening cash float (Rials)').fill('1,000,000');
    await page.getByRole('button', { name: 'Open the day' }).click();
    await expect
      .poll(() => page.getByTestId('expected-cash').textContent())
      .toBe(formatRials(1_000_000 + sale.cash, { digits: 'latin' }));
    await app.screenshot('60-day-english');
    await page.getByRole('button', { name: 'Reports' }).click();
    await page.getByRole('button', { name: 'Show report' }).click();
    await expect
      .poll(() => page.getByTestId('report-total').textContent())
      .toBe(formatRials(sale.total, { digits: 'latin' }));
    await app.screenshot('61-report-english');
    expect(app.problems).toEqual([]);
  });
});
