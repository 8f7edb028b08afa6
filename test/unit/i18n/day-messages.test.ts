import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

function errors(lang: 'fa' | 'en'): Record<string, string> {
  return JSON.parse(readFileSync(`renderer/i18n/${lang}/errors.json`, 'utf8')) as Record<string, string>;
}

// electron/core/day/open.ts opens an earlier day that has sales or a late void's refund paid on it
// (commit 2b1eb6a): the refusal must not tell the manager that only sales count.
describe('the refusal to open an earlier day with nothing to close', () => {
  it('names a late void’s refund as well as sales, in Persian and English', () => {
    expect(errors('fa')['day_without_sales']).toMatch(/فروش/);
    expect(errors('fa')['day_without_sales']).toMatch(/بازپرداخت/);
    expect(errors('fa')['day_without_sales']).toMatch(/ابطال/);
    expect(errors('en')['day_without_sales']).toMatch(/sales/);
    expect(errors('en')['day_without_sales']).toMatch(/late void's refund/);
  });
});

// electron/core/day/open.ts and close.ts refuse a day after today by the municipality's clock as the
// sync measured it: the manager is told it is about closing too, and about the PC's clock.
describe('the refusal of a day that has not come yet', () => {
  it('says it is neither opened nor closed, and points at the clock, in Persian and English', () => {
    expect(errors('fa')['day_in_future']).toMatch(/باز یا بسته نمی‌شود/);
    expect(errors('fa')['day_in_future']).toMatch(/ساعت سرور شهرداری/);
    expect(errors('fa')['day_in_future']).toMatch(/تاریخ و ساعت ویندوز/);
    expect(errors('en')['day_in_future']).toMatch(/opened or closed/);
    expect(errors('en')['day_in_future']).toMatch(/server clock/);
    expect(errors('en')['day_in_future']).toMatch(/Windows date and time/);
  });
});
