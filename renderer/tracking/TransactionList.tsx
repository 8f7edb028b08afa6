import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { payerName } from '../../shared/citizen';
import type { TransactionSummary } from '../../shared/ipc/counter';
import { formatRials } from '../../shared/money';
import { formatTrackingCode } from '../../shared/tracking-code';
import { call } from '../api/client';
import { localizeDigits } from '../lib/digits';

const ROW_HEIGHT = 40;
const VIEWPORT_HEIGHT = 480;
const BLOCK = 100;

/**
 * Every transaction of the terminal, newest first, in a list that only draws the rows in view and
 * fetches them a hundred at a time: smooth over hundreds of thousands of rows. The filter asks the
 * core on every keystroke; answers to an older filter are dropped.
 */
export function TransactionList({ onOpen }: { readonly onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [filter, setFilter] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [more, setMore] = useState(false);
  /** The rows fetched so far, by block of BLOCK, and the generation (filter) they belong to. */
  const [blocks, setBlocks] = useState<{
    readonly gen: number;
    readonly rows: ReadonlyMap<number, readonly TransactionSummary[]>;
  }>({ gen: 0, rows: new Map() });
  const [scrollTop, setScrollTop] = useState(0);
  /** The filter whose first rows are on screen (tests and the benchmark wait on it). */
  const [shownFilter, setShownFilter] = useState<string | null>(null);
  const generation = useRef(0);
  const requested = useRef(new Set<number>());
  const viewport = useRef<HTMLDivElement>(null);

  const fetchBlock = useCallback(async (block: number, text: string, gen: number) => {
    requested.current.add(block);
    const r = await call('transactions.list', { offset: block * BLOCK, limit: BLOCK, filter: text });
    if (gen !== generation.current || !r.ok) return;
    setTotal(r.value.total);
    setMore(r.value.more);
    // The first answer to a new filter replaces the old filter's rows; until then they stay on
    // screen, so a keystroke redraws the list once, not twice (blank rows, then the answer).
    setBlocks((previous) => ({
      gen,
      rows: (previous.gen === gen ? new Map(previous.rows) : new Map()).set(block, r.value.rows),
    }));
    if (block === 0) setShownFilter(text);
  }, []);

  // A new filter starts over from the top.
  useEffect(() => {
    const gen = ++generation.current;
    requested.current = new Set();
    setScrollTop(0);
    if (viewport.current) viewport.current.scrollTop = 0;
    void fetchBlock(0, filter, gen);
  }, [filter, fetchBlock]);

  const first = Math.floor(scrollTop / ROW_HEIGHT);
  const last = Math.min((total ?? 0) - 1, first + Math.ceil(VIEWPORT_HEIGHT / ROW_HEIGHT));
  useEffect(() => {
    for (let block = Math.floor(first / BLOCK); block <= Math.floor(Math.max(last, 0) / BLOCK); block++) {
      if (!requested.current.has(block)) void fetchBlock(block, filter, generation.current);
    }
  }, [first, last, filter, fetchBlock]);

  const rows: { index: number; tx: TransactionSummary | undefined }[] = [];
  for (let index = first; index <= last; index++)
    rows.push({ index, tx: blocks.rows.get(Math.floor(index / BLOCK))?.[index % BLOCK] });
  const rials = (n: number) => formatRials(n, { digits: lang === 'en' ? 'latin' : 'fa' });

  return (
    <section className="flex max-w-5xl flex-col gap-2" aria-labelledby="tx-list-title">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h2 id="tx-list-title" className="font-semibold">
          {t('tracking.allTransactions')}{' '}
          <span className="text-sm font-normal text-slate-500" data-testid="tx-list-total">
            {total === null
              ? ''
              : t(more ? 'tracking.countMore' : 'tracking.count', { n: localizeDigits(total, lang) })}
          </span>
        </h2>
        <label className="flex items-center gap-2 text-sm">
          {t('tracking.filter')}
          <input
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            className="rounded-md border border-slate-300 px-2 py-1 outline-none focus:ring-2 focus:ring-teal-600"
            data-testid="tx-list-filter"
          />
        </label>
      </div>
      <div
        ref={viewport}
        role="grid"
        aria-rowcount={total ?? 0}
        aria-label={t('tracking.allTransactions')}
        data-testid="tx-list"
        data-filter={shownFilter ?? undefined}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        className="relative overflow-y-auto rounded-xl bg-white ring-1 ring-slate-200"
        style={{ height: VIEWPORT_HEIGHT }}
      >
        <div style={{ height: (total ?? 0) * ROW_HEIGHT }}>
          {rows.map(({ index, tx }) => (
            <div
              key={index}
              role="row"
              aria-rowindex={index + 1}
              data-testid={tx ? 'tx-row' : 'tx-row-loading'}
              onClick={() => tx && onOpen(tx.id)}
              onKeyDown={(e) => e.key === 'Enter' && tx && onOpen(tx.id)}
              tabIndex={tx ? 0 : -1}
              className="absolute inset-x-0 grid cursor-pointer grid-cols-6 items-center gap-2 border-b border-slate-100 px-3 text-sm hover:bg-teal-50 focus:bg-teal-50 focus:outline-none"
              style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }}
            >
              {tx ? (
                <>
                  <span role="gridcell" dir="ltr" className="col-span-2 text-start tabular-nums">
                    {localizeDigits(formatTrackingCode(tx.trackingCode), lang)}
                  </span>
                  <span role="gridcell" className="truncate">
                    {tx.service.name[lang === 'en' ? 'en' : 'fa']}
                  </span>
                  <span role="gridcell" className="truncate">
                    {payerName(tx.citizen)}
                  </span>
                  <span role="gridcell" className="tabular-nums" dir="ltr">
                    {rials(tx.total)}
                  </span>
                  <span role="gridcell">{t(`tracking.statuses.${tx.status}`)}</span>
                </>
              ) : (
                <span className="text-slate-400">…</span>
              )}
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}
