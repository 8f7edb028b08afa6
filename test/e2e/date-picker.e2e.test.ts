import { afterAll, afterEach, describe, expect, it } from 'vitest';
import sampleCatalog from '../../resources/catalog/sample-catalog.json';
import { applyCatalog } from '../../electron/core/catalog/catalog';
import { catalogSchema } from '../../shared/catalog/schema';
import { closeBrowser, launchApp, type AppUnderTest } from './harness';

const MANAGER = { username: 'manager', password: 'correct horse 1404', fullName: 'زهرا احمدی' };

/** The sample catalog plus a free service with a Jalali date field, as a municipality might publish. */
function catalogWithDateField() {
  const base = catalogSchema.parse(sampleCatalog);
  return catalogSchema.parse({
    ...base,
    catalogVersion: 'test-with-date',
    services: [
      ...base.services,
      {
        code: 'appointment-request',
        name: { fa: 'درخواست نوبت بازدید', en: 'Inspection appointment' },
        category: base.services[0]?.category,
        requiredDocuments: [],
        active: true,
        fields: [
          {
            key: 'visitDate',
            label: { fa: 'تاریخ بازدید', en: 'Visit date' },
            type: 'jalali-date',
            required: true,
          },
        ],
      },
    ],
    tariffs: [
      ...base.tariffs,
      {
        serviceCode: 'appointment-request',
        version: 1,
        effectiveFrom: '2025-03-21',
        rule: { lines: [] },
        officeFee: 0,
      },
    ],
  });
}

let app: AppUnderTest | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});
afterAll(closeBrowser);

describe('the Jalali date picker', () => {
  it('knows 1403 has an Esfand 30 and 1404 does not, and fills the field', async () => {
    app = await launchApp();
    applyCatalog(app.core, catalogWithDateField(), 'municipality');
    await app.dispatcher.call('setup-script', 'setup.createOffice', {
      officeName: 'دفتر آزمون',
      officeCode: '4321',
      district: 1,
      terminalNumber: 1,
      manager: MANAGER,
    });
    const { page } = app;
    await page.reload();
    await page.getByLabel('نام کاربری').fill(MANAGER.username);
    await page.getByLabel('رمز عبور').fill(MANAGER.password);
    await page.getByRole('button', { name: 'ورود' }).click();
    const search = page.getByRole('combobox', { name: /جست‌وجوی خدمت/ });
    await search.fill('نوبت');
    await search.press('Enter');

    const field = page.getByLabel('تاریخ بازدید', { exact: true });
    await field.fill('1403/12/01');
    await page.getByRole('button', { name: 'باز کردن تقویم برای تاریخ بازدید' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // Esfand 1403 (a leap year) has 30 days.
    await expect.poll(() => dialog.getByRole('gridcell').filter({ hasText: /^۳۰$/ }).count()).toBe(1);
    await app.screenshot('20-jalali-calendar-esfand-1403');
    await dialog.getByRole('gridcell').filter({ hasText: /^۳۰$/ }).getByRole('button').click();
    await expect.poll(() => field.inputValue()).toBe('1403/12/30');

    await field.fill('1404/12/01');
    await page.getByRole('button', { name: 'باز کردن تقویم برای تاریخ بازدید' }).click();
    await expect.poll(() => dialog.getByRole('gridcell').filter({ hasText: /^۲۹$/ }).count()).toBe(1);
    expect(await dialog.getByRole('gridcell').filter({ hasText: /^۳۰$/ }).count()).toBe(0);
    await page.keyboard.press('Escape');
    expect(app.problems).toEqual([]);
  });
});
