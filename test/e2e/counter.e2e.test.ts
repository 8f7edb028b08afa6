import { existsSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import sampleCatalog from '../../resources/catalog/sample-catalog.json';
import { catalogSchema } from '../../shared/catalog/schema';
import { tariffFor } from '../../shared/catalog/tariff';
import { checkFieldValues } from '../../shared/counter/field-values';
import { evaluateFee } from '../../shared/fees';
import { formatJalali, formatTehranDateTime, gregorianToJalali, tehranWallTime } from '../../shared/jalali';
import { formatRials } from '../../shared/money';
import { formatTrackingCode, makeTrackingCode } from '../../shared/tracking-code';
import { toPersianDigits } from '../../shared/text/normalize';
import { applyCatalog } from '../../electron/core/catalog/catalog';
import { storeClockOffset } from '../../electron/core/sync/state';
import { applyPulledChange } from '../../electron/core/sync/pull';
import { closeBrowser, launchApp, type AppUnderTest } from './harness';
import { readQr } from './qr';
import { COMPANY, newTransaction, SAMPLE_FIELDS } from '../support/transactions';
import { idTime, TIME_ORDERED_ID } from '../support/ids';
import type { TestCore } from '../support/core';
import { closeDayCounted } from '../unit/core/day/support';
import validationFa from '../../renderer/i18n/fa/validation.json';
import syncFa from '../../renderer/i18n/fa/sync.json';
import syncEn from '../../renderer/i18n/en/sync.json';

const MANAGER = { username: 'manager', password: 'correct horse 1404', fullName: 'زهرا احمدی' };
const catalog = catalogSchema.parse(sampleCatalog);

/** The login screen's words in each language. */
const LOGIN = {
  fa: { username: 'نام کاربری', password: 'رمز عبور', logIn: 'ورود', nav: 'بخش‌های برنامه' },
  en: { username: 'Username', password: 'Password', logIn: 'Log in', nav: 'Sections' },
} as const;

/** The office set up and its manager logged in, with the login screen in `language` (the app's). */
async function setUpAndLogIn(app: AppUnderTest, language: keyof typeof LOGIN = 'fa'): Promise<Page> {
  const words = LOGIN[language];
  const setup = await app.dispatcher.call('setup-script', 'setup.createOffice', {
    officeName: 'دفتر پیشخوان شمارهٔ ۱۲',
    officeCode: '1234',
    district: 3,
    terminalNumber: 1,
    manager: MANAGER,
  });
  expect(setup.ok).toBe(true);
  const { page } = app;
  await page.reload();
  await page.getByLabel(words.username).fill(MANAGER.username);
  await page.getByLabel(words.password).fill(MANAGER.password);
  await page.getByRole('button', { name: words.logIn }).click();
  await expect.poll(() => page.getByRole('navigation', { name: words.nav }).isVisible()).toBe(true);
  return page;
}

/** A free citizen request saved through the page's own session, as the counter screen would. */
async function saveCitizenRequest(app: AppUnderTest): Promise<{ id: string; trackingCode: string }> {
  const saved = await app.dispatcher.call(
    'page-1',
    'transactions.create',
    newTransaction('citizen-request', []),
  );
  if (!saved.ok) throw new Error(saved.error.code);
  return saved.value as { id: string; trackingCode: string };
}

/** Opens a transaction in Tracking by its tracking code, with the keyboard. */
async function findInTracking(page: Page, trackingCode: string): Promise<void> {
  await page.keyboard.press('Control+f');
  const query = page.getByLabel(/کد رهگیری، کد ملی یا تلفن همراه/);
  await query.fill(trackingCode);
  await query.press('Enter');
}

/** Picks a service on the counter screen by a word of its name, with the keyboard. */
async function pickService(page: Page, word: string, name: string): Promise<void> {
  const search = page.getByRole('combobox', { name: /جست‌وجوی خدمت/ });
  await search.fill(word);
  await search.press('Enter');
  await expect.poll(() => page.getByTestId('chosen-service').textContent()).toBe(name);
}

/** The waste-management fee picked, and a citizen and its sample details typed into its form. */
async function fillWasteFee(page: Page): Promise<void> {
  await pickService(page, 'پسماند', 'عوارض پسماند');
  await page.getByLabel('کد ملی', { exact: true }).fill('0499370899');
  await page.getByLabel('نام', { exact: true }).fill('مریم');
  await page.getByLabel('نام خانوادگی').fill('کاظمی');
  const fields = SAMPLE_FIELDS['waste-fee'] ?? {};
  await page.getByLabel('کد پرونده ملک').fill(fields['fileCode'] ?? '');
  await page.getByLabel('نوع کاربری').selectOption(fields['use'] ?? '');
  await page.getByLabel('مساحت زیربنا').fill(fields['floorArea'] ?? '');
  await page.getByLabel(/سال‌های پرداخت‌نشده/).fill(fields['unpaidYears'] ?? '');
}

/** The fee computed by the shared rules directly, to check what the screen shows. */
function expectedTotal(serviceCode: string): number {
  const today = tehranWallTime(Date.now()).isoDate;
  const service = catalog.services.find((s) => s.code === serviceCode);
  const tariff = tariffFor(catalog, serviceCode, today);
  const values = service && checkFieldValues(service, SAMPLE_FIELDS[serviceCode] ?? {});
  if (!tariff || !values?.ok) throw new Error(serviceCode);
  const fee = evaluateFee(tariff, values.values, { today });
  if (!fee.ok) throw new Error(fee.error.code);
  return fee.value.total;
}

/** A municipality's catalog (not a sample) whose waste fee also asks for the bill's number. */
function catalogWithBillNumber(catalogVersion: string): typeof catalog {
  const next = structuredClone(catalog);
  const waste = next.services.find((x) => x.code === 'waste-fee');
  if (!waste) throw new Error('no waste-fee service');
  waste.fields.push({
    key: 'billNumber',
    label: { fa: 'شماره قبض', en: 'Bill number' },
    type: 'text',
    required: true,
    maxLength: 20,
  });
  return { ...next, catalogVersion, sample: false };
}

/** Two sales, and the heading Tracking shows a transaction under (its code, as `shown`). */
async function twoSalesToLookUp(a: AppUnderTest) {
  const page = await setUpAndLogIn(a);
  const sale = async () => {
    const { trackingCode } = await saveCitizenRequest(a);
    return { trackingCode, shown: toPersianDigits(formatTrackingCode(trackingCode)) };
  };
  const first = await sale();
  const second = await sale();
  const heading = page.getByTestId('transaction-view').getByRole('heading', { level: 2 });
  return { page, first, second, heading };
}

/** As findInTracking, in the English UI. */
async function findInTrackingEnglish(page: Page, query: string): Promise<void> {
  await page.keyboard.press('Control+f');
  const box = page.getByLabel(/Tracking code, national ID or mobile/);
  await box.fill(query);
  await box.press('Enter');
}

/** As electron/core/sync/push.ts leaves a sale's outbox item when the municipality refuses it. */
function refuse(a: AppUnderTest, id: string, lastError: string): void {
  a.core.db
    .prepare(
      "UPDATE outbox SET state = 'needs_attention', last_error = ? WHERE kind = 'transaction' AND id = ?",
    )
    .run(lastError, id);
}

/** A valid tracking code of another counter (office, terminal), its 17th sale. */
function codeIssuedAt(officeCode: string, terminalNumber: number): string {
  const made = makeTrackingCode({ officeCode, terminalNumber, sequence: 17 });
  if (!made.ok) throw new Error(made.code);
  return made.value;
}

let app: AppUnderTest | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});
afterAll(closeBrowser);

describe('the counter in Chromium', () => {
  it('serves a citizen for property renewal dues in cash with change, prints, finds and voids it', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    const total = expectedTotal('property-renewal-dues');
    const tendered = Math.ceil(total / 1_000_000) * 1_000_000 + 500_000;

    // Keyboard only: find the service by a Persian word typed with Arabic letters and pick it with Enter.
    const search = page.getByRole('combobox', { name: /جست‌وجوی خدمت/ });
    await search.fill('نوسازي');
    await expect.poll(() => page.getByRole('listbox', { name: 'خدمات' }).getByRole('option').count()).toBe(1);
    await search.press('Enter');
    await expect.poll(() => page.getByTestId('chosen-service').textContent()).toBe('عوارض نوسازی');
    // A citizen is being served: an app update would wait (the core knows it, not only the page).
    await expect.poll(() => app?.dispatcher.updateState().blocker).toBe('transaction_open');

    await page.getByLabel('کد ملی', { exact: true }).fill('۰۴۹۹۳۷۰۸۹۹');
    await page.getByLabel('تلفن همراه (اختیاری)').fill('09121234567');
    await page.getByLabel('نام', { exact: true }).fill('علي');
    await page.getByLabel('نام خانوادگی').fill('رضايي');
    const fields = SAMPLE_FIELDS['property-renewal-dues'] ?? {};
    await page.getByLabel('کد پرونده ملک').fill(fields['fileCode'] ?? '');
    await page.getByLabel(/مساحت عرصه/).fill(fields['landArea'] ?? '');
    await page.getByLabel(/مساحت اعیان/).fill(fields['builtArea'] ?? '');
    await page.getByLabel('نوع کاربری').selectOption(fields['use'] ?? '');
    await page.getByLabel(/سال‌های پرداخت‌نشده/).fill(fields['unpaidYears'] ?? '');

    // The fee appears as the tariff computes it; nobody types it.
    await expect
      .poll(() => page.getByTestId('fee-total').textContent())
      .toBe(formatRials(total, { digits: 'fa' }));
    // Enter walks the form: from the last detail to the chosen payment method, then to the amount
    // received (not through each of the other methods).
    await page.getByLabel(/سال‌های پرداخت‌نشده/).press('Enter');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.checked)).toBe(
      true,
    );
    await page.keyboard.press('Enter');
    expect(
      await page.getByLabel('مبلغ دریافتی نقد (ریال)').evaluate((el) => el === document.activeElement),
    ).toBe(true);
    await page.getByLabel('مبلغ دریافتی نقد (ریال)').fill(String(tendered));
    await expect
      .poll(() => page.getByTestId('change-due').textContent())
      .toContain(formatRials(tendered - total, { digits: 'fa' }));
    await app.screenshot('10-counter-form');

    const pressedAt = await page.evaluate(() => Date.now());
    await page.keyboard.press('Control+s');
    const codeText = page.getByTestId('saved-tracking-code');
    await expect.poll(() => codeText.isVisible()).toBe(true);
    await expect.poll(() => app?.dispatcher.updateState().blocker).toBeNull();
    const row = app.core.db.prepare('SELECT id, tracking_code, total, status FROM transactions').get() as {
      id: string;
      tracking_code: string;
      total: number;
      status: string;
    };
    expect(row.total).toBe(total);
    // The form made the transaction's id, time-ordered (shared/ids), at the press, not when it
    // opened: the id does not tell how long the citizen was served.
    expect(row.id).toMatch(TIME_ORDERED_ID);
    expect(idTime(row.id)).toBeGreaterThanOrEqual(pressedAt);
    expect(await codeText.textContent()).toBe(toPersianDigits(formatTrackingCode(row.tracking_code)));
    await expect
      .poll(() => page.getByTestId('saved-change').textContent())
      .toContain(formatRials(tendered - total, { digits: 'fa' }));
    // The receipt's QR code, read from the screen by an independent decoder, is the tracking code.
    await expect.poll(() => page.getByTestId('receipt-qr').isVisible()).toBe(true);
    expect(await readQr(page.getByTestId('receipt-qr'))).toBe(row.tracking_code);
    // The keyboard is not left nowhere: Enter would start the next citizen.
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('تراکنش تازه');
    await app.screenshot('11-saved-with-receipt');

    await page.getByRole('button', { name: 'ذخیره به‌صورت PDF' }).click();
    const saved = page.getByText(/رسید در .* ذخیره شد/);
    await expect.poll(() => saved.isVisible()).toBe(true);
    const pdfPath = /رسید در (.*) ذخیره شد/.exec((await saved.textContent()) ?? '')?.[1] ?? '';
    expect(existsSync(pdfPath)).toBe(true);
    expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await page.getByTestId('receipt-duplicate').count()).toBe(0);

    // A second print says it is a duplicate.
    await page.getByRole('button', { name: 'ذخیره به‌صورت PDF' }).click();
    await expect.poll(() => page.getByTestId('receipt-duplicate').textContent()).toContain('المثنی');
    await app.screenshot('12-duplicate-receipt');

    // Tracking: by national ID, then by the tracking code as read over the phone.
    await page.keyboard.press('Control+f');
    const query = page.getByLabel(/کد رهگیری، کد ملی یا تلفن همراه/);
    await query.fill('0499370899');
    await query.press('Enter');
    await expect.poll(() => page.getByTestId('transaction-status').textContent()).toBe('ثبت در دفتر');
    await app.screenshot('13-found-by-national-id');
    await query.fill(toPersianDigits(formatTrackingCode(row.tracking_code)));
    await query.press('Enter');
    await expect.poll(() => page.getByTestId('transaction-view').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'درخواست ابطال' }).click();
    const dialog = page.getByRole('dialog', { name: 'ابطال تراکنش' });
    // A reason too long is said so, not taken for a wrong password.
    await dialog.getByLabel('دلیل ابطال').fill('ا'.repeat(600));
    await dialog.getByRole('button', { name: 'تأیید مدیر و ابطال' }).click();
    await expect.poll(() => dialog.getByText('دلیل را در کمتر از ۵۰۰ نویسه بنویسید.').isVisible()).toBe(true);
    await dialog.getByLabel('دلیل ابطال').fill('متقاضی مبلغ را اشتباه اعلام کرده بود');
    await dialog.getByLabel('نام کاربری مدیر دفتر').fill(MANAGER.username);
    await dialog.getByLabel('رمز عبور مدیر دفتر').fill('wrong password');
    await dialog.getByRole('button', { name: 'تأیید مدیر و ابطال' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('درست نیست');
    await dialog.getByLabel('رمز عبور مدیر دفتر').fill(MANAGER.password);
    await app.screenshot('14-void-approval');
    await dialog.getByRole('button', { name: 'تأیید مدیر و ابطال' }).click();
    await expect.poll(() => page.getByTestId('transaction-status').textContent()).toBe('باطل‌شده');
    // Focus is on the transaction voided, not lost with the void button that is gone.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      toPersianDigits(formatTrackingCode(row.tracking_code)),
    );
    await app.screenshot('15-voided');
    expect(await page.getByTestId('voiding').textContent()).toBe(
      `باطل شد به دلیل «متقاضی مبلغ را اشتباه اعلام کرده بود» با تأیید ${MANAGER.fullName}.`,
    );
    expect(await page.getByText('از سوابق شهرداری دوباره ثبت شد').count()).toBe(0);

    const after = app.core.db.prepare('SELECT status FROM transactions WHERE id = ?').get(row.id);
    expect(after).toEqual({ status: 'voided' });
    expect(app.core.db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({ n: 1 });
    expect(app.problems).toEqual([]);
  });

  it('void dialog: Enter moves from field to field and approves only from the last; an empty approval is said to be missing', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    const sale = await saveCitizenRequest(app);
    await findInTracking(page, sale.trackingCode);
    await expect.poll(() => page.getByTestId('transaction-view').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'درخواست ابطال' }).click();
    const dialog = page.getByRole('dialog', { name: 'ابطال تراکنش' });
    const reason = dialog.getByLabel('دلیل ابطال');
    const username = dialog.getByLabel('نام کاربری مدیر دفتر');
    const password = dialog.getByLabel('رمز عبور مدیر دفتر');
    await reason.fill('متقاضی مبلغ را اشتباه اعلام کرده بود');
    await reason.press('Enter');
    // The reason is written: Enter goes on to the manager, nothing is sent yet.
    await expect.poll(() => username.evaluate((el) => el === document.activeElement)).toBe(true);
    await username.press('Enter');
    await expect.poll(() => password.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await dialog.getByRole('alert').count()).toBe(0);
    // Enter in the last field approves: the empty username and password are said to be missing.
    await password.press('Enter');
    await expect.poll(() => dialog.getByText('نام کاربری مدیر دفتر را وارد کنید.').isVisible()).toBe(true);
    expect(await dialog.getByText('رمز عبور مدیر دفتر را وارد کنید.').isVisible()).toBe(true);
    expect(await dialog.getByText(/درست نیست/).count()).toBe(0);
    await username.fill(MANAGER.username);
    await password.fill(MANAGER.password);
    await password.press('Enter');
    await expect.poll(() => page.getByTestId('transaction-status').textContent()).toBe('باطل‌شده');
    expect(app.core.db.prepare('SELECT status FROM transactions WHERE id = ?').get(sale.id)).toEqual({
      status: 'voided',
    });
    expect(app.problems).toEqual([]);
  });

  it('fills a citizen seen before in by national ID, and takes the filled names away when the ID changes', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    const earlier = await app.dispatcher.call(
      'page-1',
      'transactions.create',
      newTransaction('citizen-request', []),
    );
    expect(earlier.ok).toBe(true);
    await pickService(page, 'شکایت', 'درخواست یا شکایت شهروندی');
    await expect
      .poll(() => page.getByTestId('chosen-service').textContent())
      .toBe('درخواست یا شکایت شهروندی');
    const nationalId = page.getByLabel('کد ملی', { exact: true });
    const firstName = page.getByLabel('نام', { exact: true });
    const lastName = page.getByLabel('نام خانوادگی');
    const hint = page.getByText('مشخصات از مراجعهٔ قبلی تکمیل شد.');
    await nationalId.fill('0499370899');
    await expect.poll(() => firstName.inputValue()).toBe('علی');
    expect(await lastName.inputValue()).toBe('رضایی');
    expect(await hint.isVisible()).toBe(true);
    // Another citizen's ID: the names filled from the first one's record go, and so does the hint.
    await nationalId.fill('1234567891');
    await expect.poll(() => firstName.inputValue()).toBe('');
    expect(await lastName.inputValue()).toBe('');
    expect(await hint.count()).toBe(0);
    // Names typed by hand stay when the ID changes again.
    await firstName.fill('مریم');
    await lastName.fill('کاظمی');
    await nationalId.fill('0499370899');
    await page.waitForTimeout(300);
    expect(await firstName.inputValue()).toBe('مریم');
    expect(await lastName.inputValue()).toBe('کاظمی');
    expect(app.problems).toEqual([]);
  });

  it('serves a company (a legal person) for its business-trade dues by card: the receipt names it and its شناسه ملی', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    const total = expectedTotal('business-dues');
    await pickService(page, 'کسب', 'عوارض کسب و پیشه');

    // A citizen is the default. A company's شناسه ملی typed there is said to be one.
    const nationalId = page.getByLabel('کد ملی', { exact: true });
    expect(await nationalId.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('10380284790');
    await page.keyboard.press('Control+s');
    await expect
      .poll(() => page.getByText('این شمارهٔ ۱۱ رقمی شناسه ملی یک شخص حقوقی است').isVisible())
      .toBe(true);
    // The kind is chosen with the keyboard, one step back from the ID.
    await nationalId.fill('');
    await page.keyboard.press('Shift+Tab');
    expect(await page.getByRole('radio', { name: 'شخص حقیقی' }).isChecked()).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: 'شخص حقوقی' }).isChecked()).toBe(true);
    expect(await nationalId.count()).toBe(0);
    // The keyboard is in the شناسه ملی, and Enter walks on to the mobile and the registered name.
    const legalEntityId = page.getByLabel('شناسه ملی', { exact: true });
    await expect.poll(() => legalEntityId.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('۱۰۳۸۰۲۸۴۷۹۱');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('ش');
    await page.keyboard.press('Control+s');
    // Each bad field says what is wrong with it; nothing is saved.
    await expect
      .poll(() =>
        page.getByText('رقم کنترل شناسه ملی درست نیست؛ لطفاً شناسه را دوباره بررسی کنید.').isVisible(),
      )
      .toBe(true);
    expect(await page.getByText('نام شخص حقوقی دست‌کم دو حرف است.').isVisible()).toBe(true);
    expect(app.core.db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({ n: 0 });

    await legalEntityId.fill('۱۰۳۸۰۲۸۴۷۹۰');
    await page.getByLabel('نام شخص حقوقی').fill('شركت  بازرگاني آب‌نوش');
    const fields = SAMPLE_FIELDS['business-dues'] ?? {};
    await page.getByLabel('شماره پروانه کسب').fill(fields['licenseNumber'] ?? '');
    await page.getByLabel('رسته صنفی').selectOption(fields['guild'] ?? '');
    await page.getByLabel(/مساحت محل کسب/).fill(fields['shopArea'] ?? '');
    await expect
      .poll(() => page.getByTestId('fee-total').textContent())
      .toBe(formatRials(total, { digits: 'fa' }));
    await page.getByRole('radio', { name: 'کارت', exact: true }).check();
    await page.getByLabel('شمارهٔ مرجع کارت‌خوان').fill('۱۲۳۴۵۶۷۸۹۰۱۲');
    await app.screenshot('legal-person-form');
    await page.keyboard.press('Control+s');

    await expect.poll(() => page.getByTestId('saved-tracking-code').isVisible()).toBe(true);
    const row = app.core.db
      .prepare(
        'SELECT tracking_code, citizen_kind, citizen_national_id, citizen_last_name, total FROM transactions',
      )
      .get() as { tracking_code: string; citizen_kind: string; citizen_national_id: string; total: number };
    expect(row).toMatchObject({
      citizen_kind: 'legal',
      citizen_national_id: '10380284790',
      citizen_last_name: 'شرکت بازرگانی آب‌نوش',
      total,
    });
    const receipt = page.getByTestId('receipt');
    await expect.poll(() => receipt.isVisible()).toBe(true);
    expect(await receipt.getByTestId('receipt-payer-name').textContent()).toBe('شرکت بازرگانی آب‌نوش');
    expect(await receipt.getByTestId('receipt-payer-id').textContent()).toBe('۱۰۳۸۰۲۸۴۷۹۰');
    expect(await receipt.getByText('متقاضی (شخص حقوقی)').isVisible()).toBe(true);
    expect(await receipt.getByText('شناسه ملی', { exact: true }).isVisible()).toBe(true);
    await app.screenshot('legal-person-receipt');

    // Tracking finds the company by its شناسه ملی, typed with Persian digits.
    await findInTracking(page, '۱۰۳۸۰۲۸۴۷۹۰');
    await expect
      .poll(() => page.getByTestId('transaction-view').getByRole('heading', { level: 2 }).textContent())
      .toBe(toPersianDigits(formatTrackingCode(row.tracking_code)));
    expect(await page.getByTestId('transaction-payer').textContent()).toBe('شرکت بازرگانی آب‌نوش');

    // At the counter again, the company's شناسه ملی fills its name in.
    await page
      .getByRole('navigation', { name: 'بخش‌های برنامه' })
      .getByText('پیشخوان', { exact: true })
      .click();
    await pickService(page, 'کسب', 'عوارض کسب و پیشه');
    await page.getByRole('radio', { name: 'شخص حقوقی' }).check();
    await page.getByLabel('شناسه ملی', { exact: true }).fill('10380284790');
    await expect.poll(() => page.getByLabel('نام شخص حقوقی').inputValue()).toBe('شرکت بازرگانی آب‌نوش');
    expect(await page.getByText('مشخصات از مراجعهٔ قبلی تکمیل شد.').isVisible()).toBe(true);
    expect(app.problems).toEqual([]);
  });

  it('looks up one tracking code after another without drawing the list in between, and says when none matches', async () => {
    app = await launchApp();
    const { page, first, second, heading } = await twoSalesToLookUp(app);
    await findInTracking(page, first.trackingCode);
    await expect.poll(() => heading.textContent()).toBe(first.shown);
    // From here on, the list of all transactions must not be drawn: the next answer replaces the
    // transaction shown (the list had flashed between the two, and its first page was read for it).
    await page.evaluate(() => {
      const w = window as unknown as { __listDrawn: boolean };
      w.__listDrawn = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid=tx-list]')) w.__listDrawn = true;
      }).observe(document.body, { subtree: true, childList: true });
    });
    await findInTracking(page, second.trackingCode);
    await expect.poll(() => heading.textContent()).toBe(second.shown);
    expect(await page.evaluate(() => (window as unknown as { __listDrawn: boolean }).__listDrawn)).toBe(
      false,
    );
    // A national ID no transaction has: the transaction goes, the page says none matched, and the list is back.
    await findInTracking(page, '1234567891');
    await expect.poll(() => page.getByText('تراکنشی پیدا نشد').isVisible()).toBe(true);
    expect(await page.getByTestId('transaction-view').count()).toBe(0);
    expect(await page.getByTestId('tx-list').isVisible()).toBe(true);
    expect(app.problems).toEqual([]);
  });

  it('shows the transaction of the latest lookup when an earlier one answers after it, and keeps the list when left for it meanwhile', async () => {
    const a = await launchApp();
    app = a;
    const { page, first, second, heading } = await twoSalesToLookUp(a);
    // The first lookup's reading of its transaction waits…
    const releaseFirst = a.hold('transactions.get');
    await findInTracking(page, first.trackingCode);
    await expect.poll(() => a.held('transactions.get')).toBe(1);
    // …while the second is answered at once (a later hold takes the first's place, then goes).
    a.hold('transactions.get')();
    await findInTracking(page, second.trackingCode);
    await expect.poll(() => heading.textContent()).toBe(second.shown);
    // The first answers last: the page stays on what was asked for last.
    releaseFirst();
    await a.settled();
    await page.waitForTimeout(200);
    expect(await heading.textContent()).toBe(second.shown);

    // Back to the list while a lookup's transaction is on its way: the list stays.
    const releaseThird = a.hold('transactions.get');
    await findInTracking(page, first.trackingCode);
    await expect.poll(() => a.held('transactions.get')).toBe(1);
    await page.getByRole('button', { name: 'بازگشت به فهرست' }).click();
    await expect.poll(() => page.getByTestId('tx-list').isVisible()).toBe(true);
    releaseThird();
    await a.settled();
    await page.waitForTimeout(200);
    expect(await page.getByTestId('transaction-view').count()).toBe(0);
    expect(app.problems).toEqual([]);
  });

  it("shows a void the municipality's feed brought back after a restore as such, with the approver it recorded", async () => {
    const a = await launchApp();
    app = a;
    const page = await setUpAndLogIn(a);
    const sale = await saveCitizenRequest(a);
    // The feed, read again after a restore, says this counter's sale was voided by a manager the
    // restored database does not know.
    a.core.db.transaction(() =>
      applyPulledChange(a.core, {
        type: 'status',
        seq: 7,
        transactionId: sale.id,
        trackingCode: sale.trackingCode,
        status: 'voided',
        reason: 'شهروند منصرف شد',
        actor: 'manager2',
        at: a.core.now(),
      }),
    )();
    await findInTracking(page, sale.trackingCode);
    await expect.poll(() => page.getByTestId('transaction-status').textContent()).toBe('باطل‌شده');
    expect(await page.getByTestId('voiding').textContent()).toBe(
      'باطل شد به دلیل «شهروند منصرف شد» با تأیید manager2.',
    );
    expect(await page.getByText('از سوابق شهرداری دوباره ثبت شد').isVisible()).toBe(true);
    // Nothing is left to void, and nothing goes to the municipality again.
    expect(await page.getByRole('button', { name: 'درخواست ابطال' }).count()).toBe(0);
    expect(app.core.db.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'void'").get()).toEqual({
      n: 0,
    });
    await app.screenshot('16-voided-from-feed');
    expect(app.problems).toEqual([]);
  });

  it("prints a receipt asked for before the counter's paper is known: once, on that paper", async () => {
    const a = await launchApp();
    app = a;
    const page = await setUpAndLogIn(a);
    const current = await a.dispatcher.call('page-1', 'settings.get', {});
    if (!current.ok) throw new Error(current.error.code);
    const { idleLockMinutes } = current.value as { idleLockMinutes: number };
    const updated = await a.dispatcher.call('page-1', 'settings.update', {
      idleLockMinutes,
      receiptLayout: '58mm',
    });
    expect(updated.ok).toBe(true);
    const sale = await saveCitizenRequest(a);
    // The setting has not answered yet when Ctrl+P is pressed as the transaction shows.
    const release = a.hold('settings.get');
    await findInTracking(page, sale.trackingCode);
    await expect.poll(() => page.getByTestId('transaction-view').isVisible()).toBe(true);
    expect(await page.getByLabel('قالب رسید').isDisabled()).toBe(true);
    await page.keyboard.press('Control+p');
    await page.waitForTimeout(100);
    expect(a.prints).toEqual([]);
    release();
    await expect.poll(() => a.prints.length).toBe(1);
    expect(a.prints).toEqual([{ id: sale.id, layout: '58mm', target: 'printer' }]);
    expect(
      a.core.db
        .prepare('SELECT copy_number, layout FROM receipt_prints WHERE transaction_id = ?')
        .all(sale.id),
    ).toEqual([{ copy_number: 1, layout: '58mm' }]);
    expect(await page.getByLabel('قالب رسید').inputValue()).toBe('58mm');
    expect(a.problems).toEqual([]);
  });

  it('prints each copy once: a copy whose print failed is not printed again, the retry is the next copy', async () => {
    const a = await launchApp();
    app = a;
    const page = await setUpAndLogIn(a);
    const sale = await saveCitizenRequest(a);
    const copies = () =>
      a.core.db
        .prepare('SELECT copy_number FROM receipt_prints WHERE transaction_id = ? ORDER BY id')
        .all(sale.id)
        .map((row) => (row as { copy_number: number }).copy_number);
    // The copies given to the citizen or kept on record: those whose dialog was cancelled are not.
    const given = () =>
      a.core.db
        .prepare(
          'SELECT copy_number FROM receipt_prints WHERE transaction_id = ? AND cancelled_at IS NULL ORDER BY id',
        )
        .all(sale.id)
        .map((row) => (row as { copy_number: number }).copy_number);
    await findInTracking(page, sale.trackingCode);
    await expect.poll(() => page.getByTestId('receipt').isVisible()).toBe(true);
    const print = page.getByRole('button', { name: /چاپ رسید/ });

    await print.click();
    await expect.poll(() => a.prints.length).toBe(1);
    expect(copies()).toEqual([1]);
    expect(await page.getByTestId('receipt-duplicate').count()).toBe(0);

    // The printer fails on the second copy: recorded, not on paper, and the operator is told why.
    await expect.poll(() => print.isEnabled()).toBe(true);
    a.failNextPrint('Printer is out of paper');
    await print.click();
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContain(
        'رسید چاپ نشد (یا فایل PDF آن ذخیره نشد). این نسخه ثبت شده است و دوباره چاپ نمی‌شود: چاپگر و کاغذ را بررسی کنید و دوباره «چاپ رسید» را بزنید تا نسخهٔ بعدی (المثنی) چاپ شود.',
      );
    expect(a.prints.length).toBe(1);
    expect(copies()).toEqual([1, 2]);

    // Printing again prints the third copy, a duplicate: every paper has its own record.
    await expect.poll(() => print.isEnabled()).toBe(true);
    await print.click();
    await expect.poll(() => a.prints.length).toBe(2);
    expect(copies()).toEqual([1, 2, 3]);
    expect(await page.getByTestId('receipt-duplicate').textContent()).toContain('۳');

    // A window that still thinks one copy was printed names copy 2: refused, nothing printed, and
    // its receipt moves on to the next copy, which the next press prints.
    const other = await a.newPage();
    await other.getByLabel('نام کاربری').fill(MANAGER.username);
    await other.getByLabel('رمز عبور').fill(MANAGER.password);
    await other.getByRole('button', { name: 'ورود' }).click();
    await expect.poll(() => other.getByRole('navigation', { name: 'بخش‌های برنامه' }).isVisible()).toBe(true);
    await findInTracking(other, sale.trackingCode);
    await expect.poll(() => other.getByTestId('receipt').isVisible()).toBe(true);
    await print.click();
    await expect.poll(() => a.prints.length).toBe(3);
    expect(copies()).toEqual([1, 2, 3, 4]);
    const otherPrint = other.getByRole('button', { name: /چاپ رسید/ });
    await otherPrint.click();
    await expect
      .poll(() => other.getByRole('alert').allTextContents())
      .toContain(
        'این نسخهٔ رسید پیش‌تر ثبت شده است و دوباره چاپ نمی‌شود؛ شمارهٔ نسخه روی رسید به‌روز شد. برای چاپ نسخهٔ بعدی (المثنی) دوباره «چاپ رسید» را بزنید.',
      );
    expect(a.prints.length).toBe(3);
    expect(await other.getByTestId('receipt-duplicate').textContent()).toContain('۵');
    await expect.poll(() => otherPrint.isEnabled()).toBe(true);
    await otherPrint.click();
    await expect.poll(() => a.prints.length).toBe(4);
    expect(copies()).toEqual([1, 2, 3, 4, 5]);

    // The PDF's save dialog is cancelled: no file, copy 6 is given back (its record marked, not
    // deleted), and the screen says so (it once said the receipt was sent to the printer).
    a.cancelNextPdf();
    await expect.poll(() => otherPrint.isEnabled()).toBe(true);
    await other.getByRole('button', { name: 'ذخیره به‌صورت PDF' }).click();
    await expect
      .poll(() => other.getByText('فایل PDF ذخیره نشد', { exact: false }).textContent())
      .toBe('فایل PDF ذخیره نشد؛ چاپ یا PDF بعدی همچنان نسخهٔ ۶ است.');
    expect(copies()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(given()).toEqual([1, 2, 3, 4, 5]);
    expect(a.prints.length).toBe(4);
    expect(await other.getByText('رسید برای چاپ فرستاده شد.').count()).toBe(0);
    // The next print is copy 6.
    await expect.poll(() => otherPrint.isEnabled()).toBe(true);
    await otherPrint.click();
    await expect.poll(() => a.prints.length).toBe(5);
    expect(given()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await other.getByTestId('receipt-duplicate').textContent()).toContain('۶');
    expect(a.problems).toEqual([]);
  });

  it('prints the original after the print dialog was closed: a receipt never printed is no duplicate', async () => {
    const a = await launchApp();
    app = a;
    const page = await setUpAndLogIn(a);
    const sale = await saveCitizenRequest(a);
    const copies = () =>
      a.core.db
        .prepare('SELECT copy_number, cancelled_at FROM receipt_prints WHERE transaction_id = ? ORDER BY id')
        .all(sale.id)
        .map((row) => {
          const { copy_number, cancelled_at } = row as { copy_number: number; cancelled_at: number | null };
          return { copy: copy_number, cancelled: cancelled_at !== null };
        });
    await findInTracking(page, sale.trackingCode);
    await expect.poll(() => page.getByTestId('receipt').isVisible()).toBe(true);
    const print = page.getByRole('button', { name: /چاپ رسید/ });

    // The operator closes the print dialog: nothing printed, and the screen says the next print is
    // still copy 1.
    a.cancelNextPrint();
    await print.click();
    await expect
      .poll(() => page.getByText('چاپ لغو شد', { exact: false }).textContent())
      .toBe('چاپ لغو شد و چیزی چاپ نشد؛ چاپ بعدی همچنان نسخهٔ ۱ است.');
    expect(a.prints.length).toBe(0);
    expect(copies()).toEqual([{ copy: 1, cancelled: true }]);
    expect(await page.getByTestId('receipt-duplicate').count()).toBe(0);

    // Print again: the citizen's receipt is the original, not «المثنی».
    await expect.poll(() => print.isEnabled()).toBe(true);
    await print.click();
    await expect.poll(() => a.prints.length).toBe(1);
    expect(copies()).toEqual([
      { copy: 1, cancelled: true },
      { copy: 1, cancelled: false },
    ]);
    expect(await page.getByTestId('receipt-duplicate').count()).toBe(0);
    await expect.poll(() => page.getByText('رسید برای چاپ فرستاده شد.').isVisible()).toBe(true);
    expect(a.problems).toEqual([]);
  });

  it('keeps the saved code on screen through a double Enter, and prints one receipt for a double click', async () => {
    const a = await launchApp();
    app = a;
    const page = await setUpAndLogIn(a);
    await fillWasteFee(page);
    const tendered = page.getByLabel('مبلغ دریافتی نقد (ریال)');
    await tendered.fill(String(expectedTotal('waste-fee')));
    await tendered.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('ثبت و صدور رسید');
    // Enter pressed twice on Save: the second lands on "New transaction", focused as the code shows.
    await page.keyboard.press('Enter');
    await page.waitForTimeout(120);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    // Enter held down on that button does nothing either.
    await page.keyboard.down('Enter');
    await page.keyboard.down('Enter');
    await page.keyboard.up('Enter');
    await page.waitForTimeout(900);
    await a.settled();
    expect(a.core.db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({ n: 1 });
    expect(await page.getByTestId('saved-tracking-code').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('receipt').isVisible()).toBe(true);

    const print = page.getByRole('button', { name: /چاپ رسید/ });
    await print.dblclick();
    await expect.poll(() => a.prints.length).toBe(1);
    await expect.poll(() => print.isEnabled()).toBe(true);
    await page.waitForTimeout(300);
    await a.settled();
    expect(a.prints.length).toBe(1);
    const { id } = a.core.db.prepare('SELECT id FROM transactions').get() as { id: string };
    expect(
      a.core.db.prepare('SELECT copy_number FROM receipt_prints WHERE transaction_id = ?').all(id),
    ).toEqual([{ copy_number: 1 }]);
    expect(await page.getByTestId('receipt-duplicate').count()).toBe(0);

    // A moment later, Enter on "New transaction" does serve the next citizen.
    await page.getByRole('button', { name: /تراکنش تازه/ }).press('Enter');
    await expect.poll(() => page.getByRole('combobox', { name: /جست‌وجوی خدمت/ }).isVisible()).toBe(true);
    expect(a.problems).toEqual([]);
  });

  it('says what is wrong with a payment once, under its field, and takes it away once the payment is corrected', async () => {
    const a = await launchApp();
    app = a;
    const page = await setUpAndLogIn(a);
    await fillWasteFee(page);
    const total = expectedTotal('waste-fee');
    const alerts = () => page.getByRole('alert').allTextContents();
    const tendered = page.getByLabel('مبلغ دریافتی نقد (ریال)');
    const reference = page.getByLabel('شمارهٔ مرجع کارت‌خوان');
    const short = 'مبلغ دریافتی نقد از مبلغ نقد کمتر است.';

    // Card with a reference too short: the field says why, and nothing else disagrees with it.
    await page.getByRole('radio', { name: 'کارت', exact: true }).check();
    await reference.fill('123');
    await page.keyboard.press('Control+s');
    await expect
      .poll(alerts)
      .toEqual([
        'شماره مرجع باید ۱۲ رقم باشد؛ آن را از رسید کارتخوان (سطر «شماره مرجع») وارد کنید، نه شماره پیگیری.',
      ]);
    expect(a.core.db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({ n: 0 });

    // Cash tendered short: refused under the field, and the message goes once the amount is corrected.
    await page.getByRole('radio', { name: 'نقد', exact: true }).check();
    await tendered.fill(String(total - 1));
    await page.keyboard.press('Control+s');
    await expect.poll(alerts).toEqual([short]);
    await tendered.fill(String(total));
    await expect.poll(alerts).toEqual([]);

    // Split with its cash tendered short: said once, under the amount tendered.
    await page.getByRole('radio', { name: 'نقد و کارت', exact: true }).check();
    const cash = Math.floor(total / 2);
    await page.getByLabel('سهم نقد (ریال)').fill(String(cash));
    await tendered.fill(String(cash - 1));
    await reference.fill('403122987654');
    await page.keyboard.press('Control+s');
    await expect.poll(alerts).toEqual([short]);
    await tendered.fill(String(cash));
    await expect.poll(alerts).toEqual([]);
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('saved-tracking-code').isVisible()).toBe(true);
    expect(a.core.db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({ n: 1 });
    expect(a.problems).toEqual([]);
  });

  it('after a refused save the keyboard is where the fix goes: the field marked wrong, or else Save', async () => {
    const a = await launchApp();
    app = a;
    const page = await setUpAndLogIn(a);
    await fillWasteFee(page);
    const total = expectedTotal('waste-fee');
    const tendered = page.getByLabel('مبلغ دریافتی نقد (ریال)');
    const saveButton = page.getByRole('button', { name: /ثبت و صدور رسید/ });
    const focused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

    // Enter on Save with the cash tendered short: the keyboard lands in the amount tendered.
    await tendered.fill(String(total - 1));
    await saveButton.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(tendered)).toBe(true);

    // The core refuses a sound form (its database will not take the row): Save is disabled while
    // it works, and the keyboard is back on it once the refusal is shown.
    await tendered.fill(String(total));
    a.core.db.exec(
      "CREATE TEMP TRIGGER refuse_sale BEFORE INSERT ON transactions BEGIN SELECT RAISE(ABORT, 'refused'); END",
    );
    await saveButton.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    await expect.poll(() => focused(saveButton)).toBe(true);
    // Put right, Enter where the keyboard is saves it.
    a.core.db.exec('DROP TRIGGER refuse_sale');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('saved-tracking-code').isVisible()).toBe(true);
    expect(a.core.db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({ n: 1 });
  });

  it('keeps the citizen being served while the screen is locked: the page’s shortcuts do nothing behind the lock', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    await pickService(page, 'شکایت', 'درخواست یا شکایت شهروندی');
    const nationalId = page.getByLabel('کد ملی', { exact: true });
    await nationalId.fill('1234567891');
    await page.getByRole('button', { name: 'قفل صفحه' }).click();
    const lockDialog = page.getByRole('dialog', { name: 'صفحه قفل شد' });
    await expect.poll(() => lockDialog.isVisible()).toBe(true);
    // A new form (F2, Alt+N) and tracking (Ctrl+F), pressed on the lock screen.
    for (const key of ['F2', 'Alt+n', 'Control+f']) await page.keyboard.press(key);
    // Escape, again and again: Chromium lets a repeated Escape close a dialog whatever its cancel
    // handler says; the lock screen stays.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Escape');
    expect(await lockDialog.isVisible()).toBe(true);
    // A mistyped password sent with Enter pressed twice counts once towards the lockout.
    await lockDialog.getByLabel('رمز عبور').fill('wrong password');
    await lockDialog.getByLabel('رمز عبور').press('Enter');
    await lockDialog.getByLabel('رمز عبور').press('Enter');
    await expect.poll(() => lockDialog.getByRole('alert').isVisible()).toBe(true);
    expect(
      app.core.db.prepare('SELECT failed_attempts AS n FROM users WHERE username = ?').get(MANAGER.username),
    ).toEqual({ n: 1 });
    await lockDialog.getByLabel('رمز عبور').fill(MANAGER.password);
    await lockDialog.getByRole('button', { name: 'باز کردن قفل' }).click();
    await expect.poll(() => lockDialog.isVisible()).toBe(false);
    expect(await page.getByTestId('chosen-service').textContent()).toBe('درخواست یا شکایت شهروندی');
    expect(await nationalId.inputValue()).toBe('1234567891');
    expect(app.problems).toEqual([]);
  });

  it('prices for the municipality’s today when this PC’s clock runs behind it, as the core saves the sale', async () => {
    const a = await launchApp();
    app = a;
    const day = 24 * 60 * 60 * 1000;
    const pcToday = tehranWallTime(Date.now()).isoDate;
    // The sync measured this PC two days behind the municipality, whose tariff from tomorrow on
    // has a higher office fee.
    storeClockOffset(a.core.db, 2 * day);
    const next = structuredClone(catalog);
    const current = tariffFor(next, 'waste-fee', pcToday);
    if (!current) throw new Error('no waste-fee tariff');
    next.tariffs.push({
      ...current,
      version: current.version + 1,
      effectiveFrom: tehranWallTime(Date.now() + day).isoDate,
      officeFee: current.officeFee + 70_000,
    });
    applyCatalog(a.core, { ...next, catalogVersion: 'karaj-1405.9', sample: false }, 'municipality');
    const page = await setUpAndLogIn(a);
    await fillWasteFee(page);
    const total = expectedTotal('waste-fee') + 70_000;
    await expect
      .poll(() => page.getByTestId('fee-total').textContent())
      .toBe(formatRials(total, { digits: 'fa' }));
    await page.getByLabel('مبلغ دریافتی نقد (ریال)').fill(String(total));
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('saved-tracking-code').isVisible()).toBe(true);
    expect(a.core.db.prepare('SELECT total FROM transactions').all()).toEqual([{ total }]);
    // The receipt is dated by the same clock: the day the sale was booked on and priced for, not
    // the PC's date two days before it.
    const booked = a.core.db.prepare('SELECT business_date AS d FROM transactions').get() as { d: string };
    expect(booked.d).toBe(tehranWallTime(Date.now() + 2 * day).isoDate);
    const dated = page.getByTestId('receipt').locator('tr', { hasText: 'تاریخ و ساعت' }).locator('td').nth(1);
    await expect
      .poll(() => dated.textContent())
      .toMatch(new RegExp(`^${toPersianDigits(formatJalali(gregorianToJalali(booked.d)))} `));
    expect(await page.getByTestId('receipt-booked-on').count()).toBe(0);
    expect(a.problems).toEqual([]);
  });

  it('refuses a misplaced thousands group under the field, and takes the amount once it is grouped by three', async () => {
    const a = await launchApp();
    app = a;
    const page = await setUpAndLogIn(a);
    await fillWasteFee(page);
    const total = expectedTotal('waste-fee');
    // Whole millions above the fee, so a tendered amount with a group too short is far below it.
    const tendered = Math.ceil(total / 1_000_000) * 1_000_000 + 5_000_000;
    const written = formatRials(tendered, { digits: 'fa' });
    const field = page.getByLabel('مبلغ دریافتی نقد (ریال)');
    const alerts = () => page.getByRole('alert').allTextContents();

    // «۶٬۰۰۰٬۰۰» for ۶٬۰۰۰٬۰۰۰: one zero short. Read as 600,000 it would be a tenth of what was
    // meant; it is refused, with why, and nothing is saved.
    await field.fill(written.slice(0, -1));
    await expect.poll(() => page.getByTestId('change-due').textContent()).toContain('—');
    await page.keyboard.press('Control+s');
    await expect.poll(alerts).toEqual([validationFa.amount_grouping]);
    expect(a.core.db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({ n: 0 });

    // Persian digits grouped by three, as the receipt writes them: taken, with the right change.
    await field.fill(written);
    await expect.poll(alerts).toEqual([]);
    await expect
      .poll(() => page.getByTestId('change-due').textContent())
      .toContain(formatRials(tendered - total, { digits: 'fa' }));
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('saved-tracking-code').isVisible()).toBe(true);
    expect(a.core.db.prepare('SELECT amount, tendered, change_given FROM payments').all()).toEqual([
      { amount: total, tendered, change_given: tendered - total },
    ]);
    expect(a.problems).toEqual([]);
  });

  it('dates a sale made after the day was closed by when it was made, and says the day it was booked on', async () => {
    const a = await launchApp();
    app = a;
    const page = await setUpAndLogIn(a);
    const today = tehranWallTime(Date.now()).isoDate;
    await saveCitizenRequest(a);
    // The manager closes today's drawer, as the day-close screen does.
    const window = {
      call: (name: string, input: unknown) => a.dispatcher.call('page-1', name as never, input as never),
    };
    await closeDayCounted(window as unknown as TestCore, today);
    await fillWasteFee(page);
    const total = expectedTotal('waste-fee');
    await page.getByLabel('مبلغ دریافتی نقد (ریال)').fill(String(total));
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('saved-tracking-code').isVisible()).toBe(true);
    const booked = a.core.db
      .prepare('SELECT business_date AS d FROM transactions ORDER BY sequence DESC')
      .get() as {
      d: string;
    };
    expect(booked.d > today).toBe(true);
    const receipt = page.getByTestId('receipt');
    const dated = receipt.locator('tr', { hasText: 'تاریخ و ساعت' }).locator('td').nth(1);
    await expect
      .poll(() => dated.textContent())
      .toMatch(new RegExp(`^${toPersianDigits(formatJalali(gregorianToJalali(today)))} `));
    expect(await receipt.getByTestId('receipt-booked-on').textContent()).toBe(
      toPersianDigits(formatJalali(gregorianToJalali(booked.d))),
    );
    expect(a.problems).toEqual([]);
  });

  it('takes a tariff a sync brought while the form was open: says so, keeps what was typed, and saves at the new fee', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    await fillWasteFee(page);
    const before = expectedTotal('waste-fee');
    await expect
      .poll(() => page.getByTestId('fee-total').textContent())
      .toBe(formatRials(before, { digits: 'fa' }));
    await page.getByLabel('مبلغ دریافتی نقد (ریال)').fill(String(before + 5_000_000));

    // Meanwhile the municipality's catalog arrives with a higher office fee.
    const next = structuredClone(catalog);
    const tariff = next.tariffs.find((x) => x.serviceCode === 'waste-fee');
    if (!tariff) throw new Error('no waste-fee tariff');
    Object.assign(tariff, { officeFee: tariff.officeFee + 50_000 });
    applyCatalog(app.core, { ...next, catalogVersion: 'karaj-1405.1', sample: false }, 'municipality');

    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('tariff-changed').isVisible()).toBe(true);
    await expect
      .poll(() => page.getByTestId('fee-total').textContent())
      .toBe(formatRials(before + 50_000, { digits: 'fa' }));
    expect(await page.getByLabel('کد پرونده ملک').inputValue()).toBe(
      SAMPLE_FIELDS['waste-fee']?.['fileCode'],
    );
    expect(app.core.db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({ n: 0 });
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('saved-tracking-code').isVisible()).toBe(true);
    expect(app.core.db.prepare('SELECT total, catalog_version FROM transactions').get()).toEqual({
      total: before + 50_000,
      catalog_version: 'karaj-1405.1',
    });
    expect(app.problems).toEqual([]);
  });

  it('follows a catalog that adds a required detail while the form is open: shows and marks it, keeps what was typed, drops the sample banner', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    const sampleBanner = page.getByText('فهرست خدمات و تعرفه‌ها نمونه است');
    await expect.poll(() => sampleBanner.isVisible()).toBe(true);
    await fillWasteFee(page);
    const total = expectedTotal('waste-fee');
    await page.getByLabel('مبلغ دریافتی نقد (ریال)').fill(String(total + 5_000_000));

    // The municipality's catalog arrives: the waste fee now asks for the bill's number.
    applyCatalog(app.core, catalogWithBillNumber('karaj-1405.3'), 'municipality');

    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('catalog-changed').isVisible()).toBe(true);
    const bill = page.getByLabel('شماره قبض');
    expect(await bill.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('برخی اطلاعات خدمت درست نیست.').count()).toBe(0);
    expect(await sampleBanner.count()).toBe(0);
    expect(await page.getByLabel('کد پرونده ملک').inputValue()).toBe(
      SAMPLE_FIELDS['waste-fee']?.['fileCode'],
    );
    expect(await page.getByLabel('کد ملی', { exact: true }).inputValue()).toBe('0499370899');
    expect(app.core.db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({ n: 0 });

    await bill.fill('12345');
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('saved-tracking-code').isVisible()).toBe(true);
    const row = app.core.db.prepare('SELECT catalog_version, fields FROM transactions').get() as {
      catalog_version: string;
      fields: string;
    };
    expect(row.catalog_version).toBe('karaj-1405.3');
    expect(row.fields).toContain('12345');
    expect(app.problems).toEqual([]);
  });

  it('a new catalog reaches the next form: Alt+N and a change of service look the catalog up again', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    await pickService(page, 'پسماند', 'عوارض پسماند');
    applyCatalog(app.core, catalogWithBillNumber('karaj-1405.4'), 'municipality');
    // Nothing typed: Alt+N starts afresh at once, with the catalog the core holds now.
    await page.keyboard.press('Alt+n');
    await expect.poll(() => page.getByText('فهرست خدمات و تعرفه‌ها نمونه است').count()).toBe(0);
    await pickService(page, 'پسماند', 'عوارض پسماند');
    expect(await page.getByLabel('شماره قبض').isVisible()).toBe(true);
    expect(app.problems).toEqual([]);
  });

  it('keeps the citizen through a change of service and a visit to Tracking, and asks before Alt+N throws a typed form away', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    await fillWasteFee(page);
    const nationalId = page.getByLabel('کد ملی', { exact: true });

    // F2: another service for the same citizen.
    await page.keyboard.press('F2');
    await expect.poll(() => page.getByTestId('kept-citizen').textContent()).toContain('مریم کاظمی');
    await pickService(page, 'نوسازی', 'عوارض نوسازی');
    expect(await nationalId.inputValue()).toBe('0499370899');
    expect(await page.getByLabel('نام', { exact: true }).inputValue()).toBe('مریم');
    // "Change service" does the same.
    await page.getByRole('button', { name: /تغییر خدمت/ }).click();
    await pickService(page, 'پسماند', 'عوارض پسماند');
    expect(await nationalId.inputValue()).toBe('0499370899');
    await page.getByLabel('کد پرونده ملک').fill('FILE-77');

    // A look at Tracking and back: the form is as it was left.
    await page.keyboard.press('Control+f');
    await expect.poll(() => page.getByLabel(/کد رهگیری، کد ملی یا تلفن همراه/).isVisible()).toBe(true);
    // The citizen is still being served: an app update waits for them, form on screen or not.
    await app.settled();
    expect(app.dispatcher.updateState().blocker).toBe('transaction_open');
    await page.keyboard.press('Alt+n');
    await expect.poll(() => page.getByTestId('draft-resumed').isVisible()).toBe(true);
    expect(await page.getByTestId('chosen-service').textContent()).toBe('عوارض پسماند');
    expect(await nationalId.inputValue()).toBe('0499370899');
    expect(await page.getByLabel('کد پرونده ملک').inputValue()).toBe('FILE-77');

    // Alt+N over it asks first; Escape goes back to the citizen, Enter starts afresh.
    const dialog = page.getByRole('dialog', { name: 'کنار گذاشتن تراکنش در حال ثبت؟' });
    await page.keyboard.press('Alt+n');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await nationalId.inputValue()).toBe('0499370899');
    await page.keyboard.press('Alt+n');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('combobox', { name: /جست‌وجوی خدمت/ }).isVisible()).toBe(true);
    expect(await page.getByTestId('kept-citizen').count()).toBe(0);
    // Thrown away: nobody is being served, and an update need not wait.
    await app.settled();
    expect(app.dispatcher.updateState().blocker).not.toBe('transaction_open');
    await pickService(page, 'پسماند', 'عوارض پسماند');
    expect(await nationalId.inputValue()).toBe('');
    expect(app.problems).toEqual([]);
  });

  it('shows the tracking code as the save answers, and the receipt once the transaction is read back, printing it then if Ctrl+P came first', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    // This counter prints on 58 mm paper, not the 80 mm a guess would take.
    const current = await app.dispatcher.call('page-1', 'settings.get', {});
    if (!current.ok) throw new Error(current.error.code);
    const { idleLockMinutes } = current.value as { idleLockMinutes: number };
    expect(
      (await app.dispatcher.call('page-1', 'settings.update', { idleLockMinutes, receiptLayout: '58mm' })).ok,
    ).toBe(true);
    await fillWasteFee(page);
    const total = expectedTotal('waste-fee');
    await page.getByLabel('مبلغ دریافتی نقد (ریال)').fill(String(total + 5_000_000));
    // The core is slow to read the transaction back for its receipt.
    const release = app.hold('transactions.get');
    await page.keyboard.press('Control+s');
    await expect.poll(() => app?.held('transactions.get')).toBe(1);
    const row = app.core.db.prepare('SELECT id, tracking_code FROM transactions').get() as {
      id: string;
      tracking_code: string;
    };
    const code = toPersianDigits(formatTrackingCode(row.tracking_code));
    await expect.poll(() => page.getByTestId('saved-tracking-code').textContent()).toBe(code);
    expect(await page.getByTestId('saved-change').textContent()).toContain(
      formatRials(5_000_000, { digits: 'fa' }),
    );
    expect(await page.getByTestId('receipt').count()).toBe(0);
    // The operator asks for the receipt as soon as the code shows: it prints once it is drawn.
    await page.keyboard.press('Control+p');
    await page.waitForTimeout(100);
    expect(app.prints).toEqual([]);
    release();
    await expect.poll(() => page.getByTestId('receipt-tracking-code').textContent()).toBe(code);
    // Read until it reads: the receipt prints (to a PDF, the harness's printer) as it is drawn, and
    // a screenshot beside that print once read nothing in a full run (it passed alone three times).
    await expect
      .poll(() => readQr(page.getByTestId('receipt-qr')), { timeout: 10_000 })
      .toBe(row.tracking_code);
    await expect.poll(() => app?.prints.length).toBe(1);
    expect(app.prints).toEqual([{ id: row.id, layout: '58mm', target: 'printer' }]);
    expect(await page.getByLabel('قالب رسید').inputValue()).toBe('58mm');
    expect(app.problems).toEqual([]);
  });

  it('says why a tariff cannot price the details given, and saves nothing', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    // A municipality's tariff whose discount outgrows its charge.
    const broken = structuredClone(catalog);
    const tariff = broken.tariffs.find((x) => x.serviceCode === 'waste-fee');
    if (!tariff) throw new Error('no waste-fee tariff');
    tariff.rule.lines.push({
      key: 'too-generous',
      label: { fa: 'تخفیف', en: 'Discount' },
      effect: 'discount',
      amount: { kind: 'fixed', amount: 1_000_000_000_000 },
    });
    applyCatalog(app.core, { ...broken, catalogVersion: 'karaj-1405.2', sample: false }, 'municipality');
    // The counter screen opens anew with it.
    await page.keyboard.press('Control+f');
    await page.keyboard.press('Alt+n');
    await fillWasteFee(page);
    await expect
      .poll(() => page.getByTestId('fee-problem').textContent())
      .toContain('تخفیف‌ها از مبلغ عوارض بیشتر شده است');
    await page.keyboard.press('Control+s');
    expect(await page.getByTestId('fee-problem').isVisible()).toBe(true);
    expect(app.core.db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({ n: 0 });
    expect(app.problems).toEqual([]);
  });

  it('shows the receipt of every sample service in every layout, nothing wider than its paper', async () => {
    app = await launchApp();
    const page = await setUpAndLogIn(app);
    // This counter's printer takes the 58 mm roll: every receipt opens on it.
    await page.getByRole('button', { name: 'تنظیمات' }).click();
    await page.getByLabel('کاغذ چاپگر رسید این باجه').selectOption('58mm');
    await page.getByRole('button', { name: 'ذخیره', exact: true }).click();
    await expect.poll(() => page.getByText('تنظیمات ذخیره شد').isVisible()).toBe(true);
    // Every sample service as the fixtures fill it, then the long values a counter sees every day:
    // an ordinary street address, a company's full registered name, a complaint written out.
    const cases: { name: string; serviceCode: string; overrides: Parameters<typeof newTransaction>[2] }[] = [
      ...catalog.services.map((service) => ({
        name: service.code,
        serviceCode: service.code,
        overrides: {},
      })),
      {
        name: 'long-address',
        serviceCode: 'building-permit-request',
        overrides: {
          fields: {
            ...SAMPLE_FIELDS['building-permit-request'],
            address: 'کرج، گوهردشت، بلوار موذن، خیابان دوازدهم غربی، پلاک ۴۵، واحد ۳',
          },
        },
      },
      {
        name: 'long-company-name',
        serviceCode: 'business-dues',
        overrides: {
          citizen: {
            ...COMPANY,
            name: 'شرکت تعاونی مسکن کارکنان سازمان آب و فاضلاب استان البرز (سهامی خاص)',
          },
        },
      },
      {
        name: 'long-complaint',
        serviceCode: 'citizen-request',
        overrides: {
          fields: {
            subject: 'complaint',
            description:
              'چراغ‌های کوچهٔ ۱۲ چند شب است خاموش است و همسایه‌ها بارها به ناحیه زنگ زده‌اند اما هنوز کسی برای تعمیر نیامده است؛ لطفاً پیگیری کنید.',
          },
        },
      },
    ];
    for (const { name, serviceCode, overrides } of cases) {
      const total = expectedTotal(serviceCode);
      const payments =
        total === 0 ? [] : [{ method: 'card' as const, amount: total, reference: '123456789012' }];
      const input = newTransaction(serviceCode, payments, overrides);
      // The manager's window holds the session; saved through the same core the page uses.
      const saved = await app.dispatcher.call('page-1', 'transactions.create', input);
      expect(saved.ok, `${name} ${JSON.stringify(saved)}`).toBe(true);
      if (!saved.ok) continue;
      await page.keyboard.press('Control+f');
      const query = page.getByLabel(/کد رهگیری، کد ملی یا تلفن همراه/);
      await query.fill((saved.value as { trackingCode: string }).trackingCode);
      await query.press('Enter');
      const receipt = page.getByTestId('receipt');
      await expect
        .poll(() => page.getByTestId('receipt-tracking-code').textContent())
        .toBe(toPersianDigits(formatTrackingCode((saved.value as { trackingCode: string }).trackingCode)));
      expect(await page.getByTestId('receipt-total').textContent()).toBe(
        formatRials(total, { digits: 'fa' }),
      );
      await expect.poll(() => page.getByTestId('receipt-qr').isVisible()).toBe(true);
      await expect.poll(() => page.getByLabel('قالب رسید').inputValue()).toBe('58mm');
      for (const layout of ['80mm', '58mm', 'a5'] as const) {
        await page.getByLabel('قالب رسید').selectOption(layout);
        // Whatever the service's names and values, nothing spills past the receipt's width.
        const spills = await receipt.evaluate((el) => {
          const box = el.getBoundingClientRect();
          return [el, ...el.querySelectorAll('*')]
            .filter((c) => {
              const b = c.getBoundingClientRect();
              return (
                b.right > box.right + 0.5 || b.left < box.left - 0.5 || c.scrollWidth > c.clientWidth + 1
              );
            })
            .map((c) => `${c.tagName}: ${(c.textContent ?? '').slice(0, 40)}`);
        });
        expect(spills, `${name} ${layout}`).toEqual([]);
        // The QR code still reads as the tracking code at this paper's size.
        expect(await readQr(page.getByTestId('receipt-qr')), `${name} ${layout}`).toBe(
          (saved.value as { trackingCode: string }).trackingCode,
        );
        // With white around it four modules wide (the quiet zone a scanner needs): nothing above,
        // below or beside it comes closer.
        const quietModules = await page.getByTestId('receipt-qr').evaluate((qr) => {
          const box = qr.getBoundingClientRect();
          const module = box.width / (qr as SVGSVGElement).viewBox.baseVal.width;
          const paper = qr.closest('[data-testid=receipt]')?.getBoundingClientRect() ?? box;
          const above = qr.previousElementSibling?.getBoundingClientRect().bottom ?? paper.top;
          const below = qr.nextElementSibling?.getBoundingClientRect().top ?? paper.bottom;
          const gaps = [box.top - above, below - box.bottom, box.left - paper.left, paper.right - box.right];
          return Math.min(...gaps) / module;
        });
        expect(quietModules, `${name} ${layout}`).toBeGreaterThanOrEqual(4);
        await receipt.screenshot({ path: `test-results/screenshots/receipt-${name}-${layout}.png` });
        // Printed (print media, a page as wide as the paper less its 3 mm margins, receipt.css's
        // @page): the receipt and every cell in it lie on the page, none past its edge.
        const paperWidth = layout === 'a5' ? 148 : layout === '80mm' ? 80 : 58;
        const viewport = page.viewportSize();
        await page.emulateMedia({ media: 'print' });
        await page.setViewportSize({ width: Math.ceil(((paperWidth - 6) * 96) / 25.4), height: 1400 });
        const offPage = await receipt.evaluate((el) => {
          const width = document.documentElement.clientWidth;
          return [el, ...el.querySelectorAll('*')]
            .filter((c) => {
              const b = c.getBoundingClientRect();
              return b.left < -0.5 || b.right > width + 0.5;
            })
            .map((c) => `${c.tagName}: ${(c.textContent ?? '').slice(0, 40)}`);
        });
        expect(offPage, `${name} ${layout} printed`).toEqual([]);
        await page.screenshot({
          path: `test-results/screenshots/receipt-${name}-${layout}-printed.png`,
          fullPage: true,
        });
        await page.emulateMedia({ media: 'screen' });
        if (viewport) await page.setViewportSize(viewport);
      }
    }
    expect(app.problems).toEqual([]);
  });

  it('says a sale waiting in the queue is not sent yet, and one the municipality refused that it was refused, why, and to call the manager', async () => {
    const a = await launchApp();
    app = a;
    const page = await setUpAndLogIn(a);
    const sale = await saveCitizenRequest(a);
    const delivery = page.getByTestId('transaction-delivery');
    await findInTracking(page, sale.trackingCode);
    await expect.poll(() => delivery.textContent()).toMatch(/^هنوز به شهرداری فرستاده نشده/);
    refuse(a, sale.id, 'rejected: tariff_not_in_force');
    await findInTracking(page, sale.trackingCode);
    // In the Sync screen's words for the reason; the status is still the counter's «ثبت در دفتر».
    await expect
      .poll(() => delivery.textContent())
      .toBe(`ارسال‌نشده: شهرداری نپذیرفت — ${syncFa.reasons.tariff_not_in_force}`);
    expect(await page.getByTestId('transaction-status').textContent()).toBe('ثبت در دفتر');
    expect(await page.getByRole('alert').filter({ hasText: 'به مدیر دفتر خبر دهید' }).isVisible()).toBe(true);
    await a.screenshot('17-tracking-refused-sale');
    expect(a.problems).toEqual([]);
  });

  it('says in English that the municipality refused a sale, and why', async () => {
    const a = await launchApp({ language: 'en' });
    app = a;
    const page = await setUpAndLogIn(a, 'en');
    const sale = await saveCitizenRequest(a);
    refuse(a, sale.id, 'rejected: fee_mismatch');
    await findInTrackingEnglish(page, sale.trackingCode);
    await expect
      .poll(() => page.getByTestId('transaction-delivery').textContent())
      .toBe(`Not sent: the municipality refused it — ${syncEn.reasons.fee_mismatch}`);
    expect(await page.getByText('Tell the office manager').isVisible()).toBe(true);
    expect(a.problems).toEqual([]);
  });

  it("dates a sale in Tracking's results and status history by the municipality's clock, as its receipt does", async () => {
    const a = await launchApp();
    app = a;
    const page = await setUpAndLogIn(a);
    // The sync measured this PC three days behind the municipality.
    const offset = 3 * 24 * 60 * 60 * 1000;
    storeClockOffset(a.core.db, offset);
    const sale = await saveCitizenRequest(a);
    await saveCitizenRequest(a);
    const createdAt = a.core.db
      .prepare('SELECT created_at FROM transactions WHERE id = ?')
      .pluck()
      .get(sale.id) as number;
    const municipal = toPersianDigits(formatTehranDateTime(createdAt + offset));
    // Both sales are the same citizen's: the results list them, each with its date.
    await findInTracking(page, '0499370899');
    const row = page
      .getByTestId('tracking-results')
      .locator('tr', { hasText: toPersianDigits(formatTrackingCode(sale.trackingCode)) });
    await expect.poll(() => row.locator('td').nth(3).textContent()).toBe(municipal);
    await row.getByRole('button').click();
    const receiptDate = page
      .getByTestId('receipt')
      .locator('tr', { hasText: 'تاریخ و ساعت' })
      .locator('td')
      .nth(1);
    await expect.poll(() => receiptDate.textContent()).toBe(municipal);
    expect(await page.getByTestId('status-history').locator('li').first().textContent()).toMatch(
      new RegExp(`^${municipal}`),
    );
    expect(a.problems).toEqual([]);
  });

  it('says a tracking code issued at another terminal of this office, or at another office, was issued there, instead of none found', async () => {
    const a = await launchApp();
    app = a;
    const page = await setUpAndLogIn(a);
    await saveCitizenRequest(a);
    const elsewhere = page.getByTestId('issued-elsewhere');
    // Read out by the citizen in Persian digits, in groups, as on the receipt terminal 3 printed.
    await findInTracking(page, toPersianDigits(formatTrackingCode(codeIssuedAt('1234', 3))));
    await expect
      .poll(() => elsewhere.textContent())
      .toBe('این کد رهگیری در باجهٔ شمارهٔ ۳ همین دفتر صادر شده است؛ آنجا پیگیری کنید.');
    expect(await page.getByText('تراکنشی پیدا نشد').count()).toBe(0);
    await a.screenshot('18-tracking-other-terminal');
    await findInTracking(page, codeIssuedAt('5678', 1));
    await expect
      .poll(() => elsewhere.textContent())
      .toMatch(/^این کد رهگیری را دفتر پیشخوانی با کد ۵۶۷۸ صادر کرده است/);
    expect(a.problems).toEqual([]);
  });

  it('says in English where a tracking code of another counter was issued', async () => {
    const a = await launchApp({ language: 'en' });
    app = a;
    const page = await setUpAndLogIn(a, 'en');
    await findInTrackingEnglish(page, codeIssuedAt('1234', 2));
    await expect
      .poll(() => page.getByTestId('issued-elsewhere').textContent())
      .toBe('This tracking code was issued at terminal 2 of this office; look it up there.');
    expect(await page.getByText('No transaction found').count()).toBe(0);
    expect(a.problems).toEqual([]);
  });
});
