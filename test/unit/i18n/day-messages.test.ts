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
