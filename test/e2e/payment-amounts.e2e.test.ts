import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import sampleCatalog from '../../resources/catalog/sample-catalog.json';
import { catalogSchema } from '../../shared/catalog/schema';
import { tariffFor } from '../../shared/catalog/tariff';
import { checkFieldValues } from '../../shared/counter/field-values';
import { evaluateFee } from '../../shared/fees';
import { tehranWallTime } from '../../shared/jalali';
import { formatRials } from '../../shared/money';
import { closeBrowser, launchApp, type AppUnderTest } from './harness';
import { SAMPLE_FIELDS } from '../support/transactions';
import fa from '../../renderer/i18n/fa/validation.json';

const MANAGER = { username: 'manager', password: 'correct horse 1404', fullName: 'زهرا احمدی' };
const catalog = catalogSchema.parse(sampleCatalog);

async function setUpAndLogIn(a: AppUnderTest): Promise<Page> {
  const setup = await a.dispatcher.call('setup-script', 'setup.createOffice', {
    officeName: 'دفتر پیشخوان شمارهٔ ۱۲',
    officeCode: '1234',
    district: 3,
    terminalNumber: 1,
    manager: MANAGER,
  });
  expect(setup.ok).toBe(true);
  const { page } = a;
  await page.reload();
  await page.getByLabel('نام کاربری').fill(MANAGER.username);
  await page.getByLabel('رمز عبور').fill(MANAGER.password);
  await page.getByRole('button', { name: 'ورود' }).click();
  await expect.poll(() => page.getByRole('navigation', { name: 'بخش‌های برنامه' }).isVisible()).toBe(true);
  return page;
}

/** The waste-management fee picked with the keyboard, and a citizen and its sample details typed. */
async function fillWasteFee(page: Page): Promise<void> {
  const search = page.getByRole('combobox', { name: /جست‌وجوی خدمت/ });
  await search.fill('پسماند');
  await search.press('Enter');
  await expect.poll(() => page.getByTestId('chosen-service').textContent()).toBe('عوارض پسماند');
  await page.getByLabel('کد ملی', { exact: true }).fill('0499370899');
  await page.getByLabel('نام', { exact: true }).fill('مریم');
  await page.getByLabel('نام خانوادگی').fill('کاظمی');
  const fields = SAMPLE_FIELDS['waste-fee'] ?? {};
  await page.getByLabel('کد پرونده ملک').fill(fields['fileCode'] ?? '');
  await page.getByLabel('نوع کاربری').selectOption(fields['use'] ?? '');
  await page.getByLabel('مساحت زیربنا').fill(fields['floorArea'] ?? '');
  await page.getByLabel(/سال‌های پرداخت‌نشده/).fill(fields['unpaidYears'] ?? '');
}

function wasteFeeTotal(): number {
  const today = tehranWallTime(Date.now()).isoDate;
  const service = catalog.services.find((s) => s.code === 'waste-fee');
  const tariff = tariffFor(catalog, 'waste-fee', today);
  const values = service && checkFieldValues(service, SAMPLE_FIELDS['waste-fee'] ?? {});
  if (!tariff || !values?.ok) throw new Error('waste-fee');
  const fee = evaluateFee(tariff, values.values, { today });
  if (!fee.ok) throw new Error(fee.error.code);
  return fee.value.total;
}

let app: AppUnderTest | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});
afterAll(closeBrowser);

describe('cash amounts typed at the counter', () => {
  it('refuses a misplaced thousands group under the field, and takes the amount once it is grouped by three', async () => {
    const a = await launchApp();
    app = a;
    const page = await setUpAndLogIn(a);
    await fillWasteFee(page);
    const total = wasteFeeTotal();
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
    await expect.poll(alerts).toEqual([fa.amount_grouping]);
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
});
