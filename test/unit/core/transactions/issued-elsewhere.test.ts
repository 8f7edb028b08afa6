import { describe, expect, it } from 'vitest';
import { formatTrackingCode, makeTrackingCode } from '../../../../shared/tracking-code';
import { toPersianDigits } from '../../../../shared/text/normalize';
import { setUpOffice, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { newTransaction } from '../../../support/transactions';

function code(officeCode: string, terminalNumber: number, sequence: number): string {
  const made = makeTrackingCode({ officeCode, terminalNumber, sequence });
  if (!made.ok) throw new Error(made.code);
  return made.value;
}

describe('a tracking code issued at another counter', () => {
  const tempDir = useTempDirs();

  /** Office 1234, terminal 2, with one sale of its own. */
  async function terminalTwo(): Promise<TestCore> {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const saved = await t.call('transactions.create', newTransaction('citizen-request', []));
    if (!saved.ok) throw new Error(saved.error.code);
    return t;
  }

  it('names the terminal of this office that issued it, instead of finding nothing', async () => {
    const t = await terminalTwo();
    const other = code('1234', 1, 17);
    for (const query of [other, toPersianDigits(formatTrackingCode(other))]) {
      expect(await t.call('transactions.search', { query }), query).toEqual({
        ok: false,
        error: {
          code: 'transaction_not_found',
          messageKey: 'errors.transaction_not_found',
          details: { issuedAt: 'other_terminal', officeCode: '1234', terminalNumber: 1 },
        },
      });
    }
    await t.close();
  });

  it('names the office that issued a code of another office', async () => {
    const t = await terminalTwo();
    expect(await t.call('transactions.search', { query: code('5678', 2, 3) })).toMatchObject({
      ok: false,
      error: {
        code: 'transaction_not_found',
        details: { issuedAt: 'other_office', officeCode: '5678', terminalNumber: 2 },
      },
    });
    await t.close();
  });

  it("finds nothing, as before, for this terminal's own code that no sale has", async () => {
    const t = await terminalTwo();
    expect(await t.call('transactions.search', { query: code('1234', 2, 999) })).toEqual({
      ok: true,
      value: [],
    });
    await t.close();
  });

  it('takes a mobile with its country code that also passes as another office’s code as a mobile', async () => {
    const t = await terminalTwo();
    // 0098 912 123 4507 passes a tracking code's check digit (office 0098, terminal 91).
    expect(await t.call('transactions.search', { query: '00989121234507' })).toEqual({
      ok: true,
      value: [],
    });
    await t.close();
  });

  it('still refuses a code with a wrong check digit', async () => {
    const t = await terminalTwo();
    const other = code('1234', 1, 17);
    const wrong = other.slice(0, 13) + String((Number(other[13]) + 1) % 10);
    expect(await t.call('transactions.search', { query: wrong })).toMatchObject({
      ok: false,
      error: { code: 'tracking_code_invalid' },
    });
    await t.close();
  });
});
