import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchingSequences } from '../../../../electron/core/transactions/list';
import { FOLDABLE_GLOB, foldForSearch, foldSql } from '../../../../electron/core/transactions/text-fold';
import {
  indexTransactionText,
  searchableTextBefore0015,
  textIndexedThrough,
} from '../../../../electron/core/transactions/text-index';
import { setUpOffice, startCore, type TestCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';
import { CITIZEN, newTransaction } from '../../../support/transactions';
import { databaseAtVersion, migrateTo } from '../db/migrations/at-version';

/** Letters the fold changes, letters it keeps, ZWNJ, spaces and Latin: what names are made of. */
const LETTERS = [
  ...'آأإٱاةۀهؤوئیکمحدرضقعلنبپ ‌abcAB',
  '\u064b',
  '\u064e',
  '\u0650',
  '\u0651',
  '\u0652',
  '\u0670',
];

const PEOPLE = [
  { firstName: 'محمد‌رضا', lastName: 'آقایی', nationalId: '0084575948' }, // with a ZWNJ
  { firstName: 'علیرضا', lastName: 'مؤمنی', nationalId: '0013542419' },
  { firstName: 'فاطمة', lastName: 'محمّدی', nationalId: '0499370899' }, // teh marbuta, shadda
  { firstName: 'سارا', lastName: 'کاظمی', nationalId: '0499370899' }, // none of them
];

async function saveAll(t: TestCore): Promise<void> {
  for (const person of PEOPLE) {
    const citizen = { ...CITIZEN, ...person };
    const r = await t.call('transactions.create', newTransaction('citizen-request', [], { citizen }));
    if (!r.ok) throw new Error(r.error.code);
  }
}

/** The spellings a person types for the four saved names, and which (by sequence) each finds. */
const TYPED: readonly (readonly [string, readonly number[]])[] = [
  ['محمدرضا', [1]],
  ['محمد‌رضا', [1]],
  ['محمد رضا', [1]],
  ['اقایی', [1]],
  ['آقایی', [1]],
  ['علی‌رضا', [2]],
  ['علیرضا', [2]],
  ['مومنی', [2]],
  ['مؤمنی', [2]],
  ['فاطمه', [3]],
  ['محمدی', [3]],
  ['محمّدی', [3]],
  ['كاظمي', [4]],
  ['رضا', [2, 1]],
  ['ا', [4, 3, 2, 1]],
  ['آ', [4, 3, 2, 1]],
  ['ؤ', [4, 3, 2, 1]], // و, as in the service's name «شهروندی»
  // One- and two-letter words: as typed, or in the searched form, in the names as stored.
  ['آق', [1]],
  ['آ محمد', [3, 1]],
];

describe("the list's filter by name folds spellings", () => {
  const tempDir = useTempDirs();

  it('folds a typed word in JavaScript exactly as SQL folds a stored name', () => {
    const db = new Database(':memory:');
    const folded = db.prepare(`SELECT ${foldSql('@text')} AS folded, @text GLOB @glob AS foldable`);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LETTERS), { maxLength: 24 }), (letters) => {
        const text = letters.join('');
        const row = folded.get({ text, glob: FOLDABLE_GLOB }) as { folded: string; foldable: number };
        expect(row.folded).toBe(foldForSearch(text));
        // Only a text with a letter the fold changes is told apart as foldable.
        expect(row.foldable === 1).toBe(foldForSearch(text) !== text);
      }),
      { numRuns: 2000 },
    );
    db.close();
  });

  it('finds each name by the spellings people use, in the index and among the newest it does not hold yet', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    await saveAll(t);
    expect(textIndexedThrough(t.core.db)).toBe(0);
    const expectFound = (state: string) => {
      for (const [typed, found] of TYPED) {
        expect(matchingSequences(t.core.db, typed), `${state}: ${typed}`).toEqual(found);
        // One- and two-letter words from the index's vocabulary, past a window of the newest one.
        expect(matchingSequences(t.core.db, typed, 1), `${state}, window 1: ${typed}`).toEqual(found);
      }
    };
    expectFound('none indexed');
    indexTransactionText(t.core.db, 4, 1);
    expect(textIndexedThrough(t.core.db)).toBe(4);
    expectFound('all indexed');
    t.core.close();
  });

  it('migration 0015 indexes the names again in their searched form', () => {
    const db = databaseAtVersion(tempDir(), 14);
    const insert = db.prepare(
      `INSERT INTO transactions (id, request_hash, tracking_code, sequence, service_code, service_name_fa,
         service_name_en, catalog_version, tariff_version, sample_tariff, citizen_national_id, citizen_first_name,
         citizen_last_name, citizen_mobile, fields, municipal_total, office_total, total, status, operator_user_id,
         created_at, business_date)
       VALUES (?, 'h', ?, ?, 'citizen-request', 'درخواست یا شکایت شهروندی', 'Citizen request or complaint', 'v1',
         1, 1, ?, ?, ?, NULL, '[]', 0, 0, 0, 'saved', 1, ?, '2025-03-20')`,
    );
    PEOPLE.forEach((p, i) =>
      insert.run(`t${i + 1}`, `code-${i + 1}`, i + 1, p.nationalId, p.firstName, p.lastName, i + 1),
    );
    // Indexed as the saves before this migration did: the names as stored.
    db.exec(
      `INSERT INTO transactions_text (rowid, text) SELECT sequence, ${searchableTextBefore0015('transactions')}
         FROM transactions ORDER BY sequence;
       UPDATE transaction_text_state SET indexed_through = 4 WHERE id = 1;`,
    );
    const transactions = db.prepare('SELECT * FROM transactions ORDER BY sequence').all();
    migrateTo(db, 15);

    expect(db.prepare('SELECT * FROM transactions ORDER BY sequence').all()).toEqual(transactions);
    expect(textIndexedThrough(db)).toBe(4);
    for (const [typed, found] of TYPED) {
      expect(matchingSequences(db, typed), typed).toEqual(found);
      expect(matchingSequences(db, typed, 1), `window 1: ${typed}`).toEqual(found);
    }
    expect(
      db.prepare("INSERT INTO transactions_text (transactions_text) VALUES ('integrity-check')").run(),
    ).toBeTruthy();
    db.close();
  });
});
