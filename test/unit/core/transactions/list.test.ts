import { describe, expect, it } from 'vitest';
import { FILTER_CAP, filterQuery, matchingSequences } from '../../../../electron/core/transactions/list';
import { SEQUENCE_FLOOR_KEY } from '../../../../electron/core/transactions/sequence';
import {
  indexTransactionText,
  TEXT_INDEX_BATCH,
  textIndexedThrough,
} from '../../../../electron/core/transactions/text-index';
import { LATEST_SCHEMA_VERSION } from '../../../../electron/core/db/migrations';
import { setUpOffice, startCore } from '../../../support/core';
import { databaseAtVersion } from '../db/migrations/at-version';
import { useTempDirs } from '../../../support/tempdir';
import { CITIZEN, newTransaction } from '../../../support/transactions';

describe('the transaction list', () => {
  const tempDir = useTempDirs();

  it('pages newest first and filters by digits or by name', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const citizen =
        i % 3 === 0
          ? {
              ...CITIZEN,
              firstName: 'مریم',
              lastName: 'کاظمی',
              nationalId: '0084575948',
              mobile: '09351112233',
            }
          : CITIZEN;
      const r = await t.call('transactions.create', newTransaction('citizen-request', [], { citizen }));
      if (!r.ok) throw new Error(r.error.code);
      codes.push(r.value.trackingCode);
    }
    const first = await t.call('transactions.list', { offset: 0, limit: 5, filter: '' });
    expect(first).toMatchObject({ ok: true, value: { total: 12, more: false } });
    expect(first.ok && first.value.rows.map((r) => r.trackingCode)).toEqual(
      codes.slice().reverse().slice(0, 5),
    );
    const last = await t.call('transactions.list', { offset: 10, limit: 5, filter: '' });
    expect(last.ok && last.value.rows.map((r) => r.trackingCode)).toEqual([codes[1], codes[0]]);

    const byName = await t.call('transactions.list', { offset: 0, limit: 50, filter: 'كاظمي' });
    expect(byName).toMatchObject({ ok: true, value: { total: 4 } });
    const byMobile = await t.call('transactions.list', { offset: 0, limit: 50, filter: '۰۹۳۵' });
    expect(byMobile).toMatchObject({ ok: true, value: { total: 4 } });
    const byCode = await t.call('transactions.list', {
      offset: 0,
      limit: 50,
      filter: codes[7]?.slice(0, 13) ?? '',
    });
    expect(byCode.ok && byCode.value.rows.map((r) => r.trackingCode)).toEqual([codes[7]]);
    // The same digits pasted with a bidi mark and grouped by a ZWNJ.
    const pasted = await t.call('transactions.list', {
      offset: 0,
      limit: 50,
      filter: `\u200f${codes[7]?.slice(0, 6) ?? ''}\u200c${codes[7]?.slice(6, 13) ?? ''}`,
    });
    expect(pasted.ok && pasted.value.rows.map((r) => r.trackingCode)).toEqual([codes[7]]);
    const byService = await t.call('transactions.list', { offset: 0, limit: 50, filter: 'شکایت' });
    expect(byService).toMatchObject({ ok: true, value: { total: 12 } });
    // LIKE wildcards typed by a person are literal characters.
    expect(await t.call('transactions.list', { offset: 0, limit: 50, filter: '%' })).toMatchObject({
      ok: true,
      value: { total: 0, rows: [] },
    });
    expect(await t.call('transactions.list', { offset: 40, limit: 5, filter: 'مریم' })).toMatchObject({
      ok: true,
      value: { total: 4, rows: [] },
    });
    t.core.close();
  });

  it('looks words of three letters or more up in the search index, and matches what LIKE matches', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const people = [
      CITIZEN, // علي رضايي, saved as علی رضایی
      CITIZEN,
      { ...CITIZEN, firstName: 'مریم', lastName: 'کاظمی', nationalId: '0084575948' },
      { ...CITIZEN, firstName: 'مریم', lastName: 'کاظمی', nationalId: '0084575948' },
      { ...CITIZEN, firstName: 'محمدرضا', lastName: 'کاظمی', nationalId: '0013542419' },
      { ...CITIZEN, firstName: 'ننن', lastName: 'کاظمی', nationalId: '0013542419' },
    ];
    const save = async (citizen: (typeof people)[number]) => {
      const r = await t.call('transactions.create', newTransaction('citizen-request', [], { citizen }));
      if (!r.ok) throw new Error(r.error.code);
    };
    // Half in the index and half waiting for a batch, then all in it: the same answers.
    for (const citizen of people.slice(0, 3)) await save(citizen);
    indexTransactionText(t.core.db, 3, 1);
    for (const citizen of people.slice(3)) await save(citizen);
    expect(textIndexedThrough(t.core.db)).toBe(3);
    await expectAnswers();
    indexTransactionText(t.core.db, 6, 1);
    expect(textIndexedThrough(t.core.db)).toBe(6);
    await expectAnswers();

    // A name no row has is answered from the index, without reading the transactions.
    const query = filterQuery('مهسا');
    if (!query) throw new Error('no query');
    const plan = (
      t.core.db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(query.params) as { detail: string }[]
    )
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toMatch(/^SCAN f VIRTUAL TABLE INDEX/);
    expect(plan).not.toMatch(/SCAN t\b/);
    t.core.close();

    async function expectAnswers(): Promise<void> {
      const total = async (filter: string) => {
        const r = await t.call('transactions.list', { offset: 0, limit: 50, filter });
        if (!r.ok) throw new Error(r.error.code);
        expect(r.value.rows).toHaveLength(r.value.total);
        return r.value.total;
      };
      expect(await total('کاظمی')).toBe(4);
      expect(await total('رضا')).toBe(3); // رضایی twice and محمدرضا: inside a name, not only its start
      expect(await total('مریم کاظمی')).toBe(2);
      expect(await total('ی کاظمی')).toBe(4); // a short word beside a long one
      expect(await total('يم')).toBe(2); // short words alone, Arabic yeh typed
      expect(await total('COMPLAINT')).toBe(6); // Latin in any case, in the service's English name
      expect(await total('مهسا')).toBe(0);
      // The index knows which three letters a row holds, not where: «نننن» is two «ننن» to it.
      expect(await total('ننن')).toBe(1);
      expect(await total('نننن')).toBe(0);
      // What a person types is text, never the index's query syntax.
      expect(await total('"کاظمی')).toBe(0);
      expect(await total('کاظمی AND')).toBe(0);
      expect(await total('کاظمی OR')).toBe(4); // «or» is in «Citizen request or complaint»
      expect(await total('NEAR(کاظمی')).toBe(0);
    }
  });

  it('finds one- and two-letter words older than the newest ones through the index, as a walk over all would', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const people = [
      { ...CITIZEN, firstName: 'ژینا', lastName: 'نو', nationalId: '0013542419' }, // the oldest
      { ...CITIZEN, firstName: 'مریم', lastName: 'کاظمی', nationalId: '0084575948' },
      CITIZEN,
      CITIZEN,
      CITIZEN,
    ];
    const save = async (citizen: (typeof people)[number]) => {
      const r = await t.call('transactions.create', newTransaction('citizen-request', [], { citizen }));
      if (!r.ok) throw new Error(r.error.code);
    };
    const everything = Number.MAX_SAFE_INTEGER;
    const expectAnswers = (state: string) => {
      // With a window of the newest two, these are answered by the index's vocabulary and by the
      // transactions it does not hold yet.
      for (const filter of ['ژ', 'ژی', 'نو', 'مر', 'ك', 'ی ک', 'nt', 'NT', 't', 'ا', 'ق', 'qz', 'ع ر'])
        expect(matchingSequences(t.core.db, filter, 2), `${state}: ${filter}`).toEqual(
          matchingSequences(t.core.db, filter, everything),
        );
      expect(matchingSequences(t.core.db, 'ژ', 2), state).toEqual([1]);
      expect(matchingSequences(t.core.db, 'نو', 2), state).toEqual([1]); // a last name of two letters
      // «complaint» ends the indexed text: its last letters are found too.
      expect(matchingSequences(t.core.db, 'nt', 2), state).toEqual([5, 4, 3, 2, 1]);
      expect(matchingSequences(t.core.db, 'ق', 2), state).toEqual([]);
    };
    // The oldest two in the index and three waiting for a batch, then all five in it.
    for (const citizen of people.slice(0, 2)) await save(citizen);
    indexTransactionText(t.core.db, 2, 1);
    for (const citizen of people.slice(2)) await save(citizen);
    expect(textIndexedThrough(t.core.db)).toBe(2);
    expectAnswers('two of five indexed');
    indexTransactionText(t.core.db, 5, 1);
    expectAnswers('all indexed');
    t.core.close();
  });

  it('indexes the waiting transactions once a batch of them waits, and finds them before and after', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const kazemi = { ...CITIZEN, firstName: 'مریم', lastName: 'کاظمی', nationalId: '0084575948' };
    const indexed = (piece: string) =>
      (
        t.core.db
          .prepare('SELECT count(*) AS n FROM transactions_text WHERE transactions_text MATCH ?')
          .get(`"${piece}"`) as { n: number }
      ).n;
    const names = async (filter: string) => {
      const r = await t.call('transactions.list', { offset: 0, limit: 500, filter });
      if (!r.ok) throw new Error(r.error.code);
      return r.value.total;
    };
    for (let i = 1; i < TEXT_INDEX_BATCH; i++) {
      const r = await t.call(
        'transactions.create',
        newTransaction('citizen-request', [], i % 2 === 0 ? { citizen: kazemi } : {}),
      );
      if (!r.ok) throw new Error(r.error.code);
    }
    // A batch less one: nothing indexed yet, and the filter finds every one from the table.
    expect(textIndexedThrough(t.core.db)).toBe(0);
    expect(indexed('شکا')).toBe(0);
    expect(await names('کاظمی')).toBe(31);
    expect(await names('شکایت')).toBe(TEXT_INDEX_BATCH - 1);
    expect(await names('ک')).toBe(TEXT_INDEX_BATCH - 1); // a short word: «شکایت» in the service
    // The batch's last save indexes all of them, itself included, in its own SQLite transaction.
    const last = await t.call(
      'transactions.create',
      newTransaction('citizen-request', [], { citizen: kazemi }),
    );
    expect(last.ok).toBe(true);
    expect(textIndexedThrough(t.core.db)).toBe(TEXT_INDEX_BATCH);
    expect(indexed('شکا')).toBe(TEXT_INDEX_BATCH);
    expect(indexed('کاظ')).toBe(32);
    const next = await t.call(
      'transactions.create',
      newTransaction('citizen-request', [], { citizen: kazemi }),
    );
    expect(next.ok).toBe(true);
    expect(textIndexedThrough(t.core.db)).toBe(TEXT_INDEX_BATCH);
    expect(await names('کاظمی')).toBe(33);
    expect(await names('شکایت')).toBe(TEXT_INDEX_BATCH + 1);
    expect(await names('ظم')).toBe(33);
    // The mark never goes back, and is never removed.
    expect(() => t.core.db.prepare('UPDATE transaction_text_state SET indexed_through = 1').run()).toThrow(
      /only moves forward/,
    );
    expect(() => t.core.db.prepare('DELETE FROM transaction_text_state').run()).toThrow(/never deleted/);
    t.core.close();
  });

  it('lists the newest matches up to the cap, from the transactions waiting for the index and then from the index', () => {
    const db = databaseAtVersion(tempDir(), LATEST_SCHEMA_VERSION);
    const sale = db.prepare(
      `INSERT INTO transactions (id, request_hash, tracking_code, sequence, service_code, service_name_fa, service_name_en,
         catalog_version, tariff_version, sample_tariff, citizen_national_id, citizen_first_name, citizen_last_name,
         citizen_mobile, fields, municipal_total, office_total, total, status, operator_user_id, created_at, business_date)
       VALUES (?, 'h', ?, ?, 'waste-fee', 'عوارض پسماند', 'Waste-management fee', 'v1', 1, 1, '0499370899', 'مریم',
         'کاظمی', NULL, '[]', 0, 0, 0, 'saved', 1, 1, '2025-03-20')`,
    );
    const sell = (from: number, to: number) => {
      for (let sequence = from; sequence <= to; sequence++)
        sale.run(`t${sequence}`, `code-${sequence}`, sequence);
    };
    const newest = (from: number) => Array.from({ length: FILTER_CAP + 1 }, (_, i) => from - i);
    // 50 in the index, 1,050 waiting: the waiting ones alone fill the list.
    sell(1, 50);
    indexTransactionText(db, 50, 1);
    sell(51, 1_100);
    for (const filter of ['کاظمی', 'ک', 'پسماند'])
      expect(matchingSequences(db, filter, 2), filter).toEqual(newest(1_100));
    // 1,100 in the index, 50 waiting: those first, then the index's newest.
    indexTransactionText(db, 1_100, 1);
    sell(1_101, 1_150);
    for (const filter of ['کاظمی', 'ک', 'پسماند'])
      expect(matchingSequences(db, filter, 2), filter).toEqual(newest(1_150));
    db.close();
  });

  it('pages the whole list by sequence number, and by counting where a restore left a gap in the numbers', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const codes: string[] = [];
    const save = async () => {
      const r = await t.call('transactions.create', newTransaction('citizen-request', []));
      if (!r.ok) throw new Error(r.error.code);
      codes.push(r.value.trackingCode);
    };
    const everyPage = async () => {
      const seen: string[][] = [];
      for (let offset = 0; offset <= codes.length + 2; offset += 3) {
        const r = await t.call('transactions.list', { offset, limit: 3, filter: '' });
        if (!r.ok) throw new Error(r.error.code);
        expect(r.value.total).toBe(codes.length);
        seen.push(r.value.rows.map((row) => row.trackingCode));
      }
      return seen;
    };
    const expected = () => {
      const newestFirst = codes.slice().reverse();
      const pages: string[][] = [];
      for (let offset = 0; offset <= codes.length + 2; offset += 3)
        pages.push(newestFirst.slice(offset, offset + 3));
      return pages;
    };
    for (let i = 0; i < 7; i++) await save();
    expect(await everyPage()).toEqual(expected());
    // As after a restore: the next number continues past the backup's highest (restore.ts).
    t.core.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(SEQUENCE_FLOOR_KEY, '40');
    // Restored, nothing sold since: the floor is above every number.
    expect(await everyPage()).toEqual(expected());
    for (let i = 0; i < 5; i++) await save();
    const sequences = t.core.db.prepare('SELECT sequence FROM transactions ORDER BY sequence').pluck().all();
    expect(sequences).toEqual([1, 2, 3, 4, 5, 6, 7, 41, 42, 43, 44, 45]);
    // Pages above the floor, across it and below it.
    expect(await everyPage()).toEqual(expected());
    const windows = async () => {
      const newestFirst = codes.slice().reverse();
      for (let offset = 0; offset <= codes.length; offset++)
        for (const limit of [1, 2, 5]) {
          const r = await t.call('transactions.list', { offset, limit, filter: '' });
          if (!r.ok) throw new Error(r.error.code);
          const got = r.value.rows.map((row) => row.trackingCode);
          expect(got, `${offset}+${limit}`).toEqual(newestFirst.slice(offset, offset + limit));
        }
    };
    await windows();
    // A second restore: two gaps below the new floor.
    t.core.db.prepare('UPDATE settings SET value = ? WHERE key = ?').run('60', SEQUENCE_FLOOR_KEY);
    await windows();
    for (let i = 0; i < 2; i++) await save();
    expect(t.core.db.prepare('SELECT sequence FROM transactions ORDER BY sequence').pluck().all()).toEqual([
      1, 2, 3, 4, 5, 6, 7, 41, 42, 43, 44, 45, 61, 62,
    ]);
    await windows();
    t.core.close();
  });
});
