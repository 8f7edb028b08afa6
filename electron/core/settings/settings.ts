import { prepared } from '../db/open';
import type { Db } from '../db/open';

export interface Settings {
  readonly idleLockMinutes: number;
}

export const DEFAULT_SETTINGS: Settings = { idleLockMinutes: 5 };

export function getSettings(db: Db): Settings {
  const rows = prepared(db, 'SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  const idle = stored['idleLockMinutes'];
  return { idleLockMinutes: typeof idle === 'number' ? idle : DEFAULT_SETTINGS.idleLockMinutes };
}

export function putSetting(db: Db, key: keyof Settings, value: Settings[keyof Settings]): void {
  prepared(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
}
