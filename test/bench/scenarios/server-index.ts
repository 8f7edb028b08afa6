import { randomUUID } from 'node:crypto';
import { migrate } from '../../../server/db/migrate';
import type { Database } from '../../../server/db/database';
import { openDatabase } from '../../../server/server';
import { insertItems, type NewItem } from '../../../server/store/items';
import { newId } from '../../../shared/ids';
import { dropSchema, freshSchema, insertOfficeAndTerminal } from '../../integration/server/harness';
import { round, summarize, type Row } from '../stats';
import { findPostgres } from '../sync-fixture';
import { asStored, type outboxItems } from './drain';

const BATCH = 500;
const ROUNDS = 3;

/**
 * What the ids cost the municipality's database once it holds years of items: `history` items from
 * before this version (random, version 4 ids) fill the server's `items` table, its indexes well
 * past PostgreSQL's buffer pool. Then the backlog's transactions go in through the server's own
 * insert (store/items insertItems), a batch of 500 per database transaction as a push does, once
 * with the ids the counter makes now (version 7, shared/ids) and once with random ones, alternated
 * ROUNDS times. Per item: the time and the WAL written (a page first touched after a checkpoint is
 * written whole, so a random id costs a whole page of the primary key's and transaction index's).
 */
export async function serverIndexScenario(
  backlog: ReturnType<typeof outboxItems>,
  history: number,
): Promise<Row[]> {
  const postgres = await findPostgres();
  if ('skipped' in postgres)
    return [
      {
        scenario: 'server-insert-large',
        metric: 'per item',
        value: null,
        unit: 'µs',
        note: `skipped: ${postgres.skipped}`,
      },
    ];
  const schemaUrl = await freshSchema(postgres.url);
  const db = await openDatabase({ databaseUrl: schemaUrl });
  try {
    await migrate(db);
    // The one office (id 1) and its terminal.
    const owner = { officeId: 1, terminalId: randomUUID() };
    await insertOfficeAndTerminal(db, owner.terminalId);
    const bodies = backlog.filter((item) => item.kind === 'transaction').map((item) => asStored(item.body));
    const [sample] = bodies;
    if (!sample) throw new Error('no transaction in the backlog');
    await db.query(
      `INSERT INTO items (id, kind, office_id, terminal_id, body, body_sha256, tracking_code, transaction_id, status, received_at)
       SELECT u, 'transaction', $1, $2, $3::jsonb, $4, 'H' || g, u, 'received', 0
       FROM (SELECT gen_random_uuid() AS u, g FROM generate_series(1, $5::integer) g) s`,
      [owner.officeId, owner.terminalId, sample.json, sample.sha256, history],
    );
    await db.query('ANALYZE items');
    const [size] = await db.query<{ table: string; indexes: string; buffers: string }>(
      `SELECT pg_size_pretty(pg_table_size('items')) AS table, pg_size_pretty(pg_indexes_size('items')) AS indexes,
              current_setting('shared_buffers') AS buffers`,
    );
    let checkpoints = true;
    const checkpoint = async () => {
      try {
        await db.query('CHECKPOINT');
      } catch {
        checkpoints = false; // this role may not: the runs then start wherever the last one left off
      }
    };
    const results = { v7: [] as { us: number; wal: number }[], v4: [] as { us: number; wal: number }[] };
    let code = 0;
    for (let round = 0; round < ROUNDS; round++)
      for (const kind of ['v4', 'v7'] as const) {
        await checkpoint();
        results[kind].push(
          await insertRun(db, bodies, kind === 'v7' ? newId : randomUUID, () => `B${code++}`, owner),
        );
      }
    const median = (runs: { us: number; wal: number }[], key: 'us' | 'wal') =>
      summarize(runs.map((r) => r[key])).median;
    const v7 = { us: median(results.v7, 'us'), wal: median(results.v7, 'wal') };
    const v4 = { us: median(results.v4, 'us'), wal: median(results.v4, 'wal') };
    const where = `${bodies.length.toLocaleString('en-US')} transactions in batches of ${BATCH} through the server's insert, into an items table of ${history.toLocaleString('en-US')} (table ${size?.table}, indexes ${size?.indexes}; shared_buffers ${size?.buffers}); median of ${ROUNDS} runs each, alternated${checkpoints ? ', each after a CHECKPOINT' : ' (this role may not CHECKPOINT)'}`;
    return [
      {
        scenario: 'server-insert-large',
        metric: 'per item',
        value: round(v7.us, 1),
        unit: 'µs',
        baseline: round(v4.us, 1),
        ratio: round(v7.us / v4.us, 3),
        note: `${where}; the counter's time-ordered ids, against random ones as the baseline`,
      },
      {
        scenario: 'server-insert-large-wal',
        metric: 'per item',
        value: Math.round(v7.wal),
        unit: 'bytes',
        baseline: Math.round(v4.wal),
        ratio: round(v7.wal / v4.wal, 3),
        note: 'WAL written per item in the same runs: time-ordered ids, against random ones',
      },
    ];
  } finally {
    await db.close();
    await dropSchema(postgres.url, schemaUrl);
  }
}

async function insertRun(
  db: Database,
  bodies: readonly { json: string; sha256: string }[],
  makeId: () => string,
  makeCode: () => string,
  owner: { officeId: number; terminalId: string },
): Promise<{ us: number; wal: number }> {
  const [{ before } = { before: '0/0' }] = await db.query<{ before: string }>(
    'SELECT pg_current_wal_lsn()::text AS before',
  );
  let elapsed = 0n;
  for (let from = 0; from < bodies.length; from += BATCH) {
    const items: NewItem[] = bodies.slice(from, from + BATCH).map((b) => {
      const id = makeId();
      return {
        id,
        kind: 'transaction',
        bodyJson: b.json,
        bodySha256: b.sha256,
        trackingCode: makeCode(),
        transactionId: id,
        status: 'received',
      };
    });
    const t0 = process.hrtime.bigint();
    const inserted = await db.transaction((tx) => insertItems(tx, items, { ...owner, now: Date.now() }));
    elapsed += process.hrtime.bigint() - t0;
    if (inserted !== items.length) throw new Error(`inserted ${inserted} of ${items.length}`);
  }
  const [wal] = await db.query<{ d: number }>(
    'SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::float8 AS d',
    [before],
  );
  return { us: Number(elapsed) / 1000 / bodies.length, wal: (wal?.d ?? 0) / bodies.length };
}
