import { RECEIPT_LAYOUTS, type ReceiptLayout } from '../../../shared/ipc/schemas';
import { prepared } from '../db/open';
import type { Db } from '../db/open';

export interface Settings {
  readonly idleLockMinutes: number;
  /** The base URL of the update feed (shared/updates/feed.ts); null: no automatic updates. */
  readonly updateFeedUrl: string | null;
  /** The paper of this counter's receipt printer. */
  readonly receiptLayout: ReceiptLayout;
}

export const DEFAULT_SETTINGS: Settings = { idleLockMinutes: 5, updateFeedUrl: null, receiptLayout: '80mm' };

const LAYOUTS: ReadonlySet<unknown> = new Set(RECEIPT_LAYOUTS);

/** The settings as stored, by key, whatever this version makes of each. */
export function storedSettings(db: Db): Readonly<Record<string, unknown>> {
  const rows = prepared(db, 'SELECT key, value FROM settings').all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
}

/** What this version makes of the stored settings: a value it does not know reads as the default. */
export function settingsFrom(stored: Readonly<Record<string, unknown>>): Settings {
  const idle = stored['idleLockMinutes'];
  const feed = stored['updateFeedUrl'];
  const layout = stored['receiptLayout'];
  return {
    idleLockMinutes: typeof idle === 'number' ? idle : DEFAULT_SETTINGS.idleLockMinutes,
    updateFeedUrl: typeof feed === 'string' && feed !== '' ? feed : null,
    receiptLayout: LAYOUTS.has(layout) ? (layout as ReceiptLayout) : DEFAULT_SETTINGS.receiptLayout,
  };
}

export function getSettings(db: Db): Settings {
  return settingsFrom(storedSettings(db));
}

export function putSetting(db: Db, key: keyof Settings, value: Settings[keyof Settings]): void {
  prepared(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
}
