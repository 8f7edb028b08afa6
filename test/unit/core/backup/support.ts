import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { MANAGER, setUpOffice, startCore, type TestCore } from '../../../support/core';
import { addOperator, sell } from '../day/support';

export { MANAGER };

/** A set-up office with a logged-in manager (window-1) and operator, and `sales` cash sales. */
export async function officeWithSales(dataDir: string, sales: number): Promise<TestCore> {
  const t = startCore(dataDir);
  await setUpOffice(t);
  await addOperator(t);
  for (let i = 0; i < sales; i += 1) await sell(t, 'waste-fee', 'cash', { sessionKey: 'operator-window' });
  return t;
}

export function transactionIds(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT id FROM transactions ORDER BY sequence').all() as { id: string }[]).map(
      (r) => r.id,
    );
  } finally {
    db.close();
  }
}

/** Overwrites `length` bytes at `offset` with a pattern no SQLite page has: real damage, on disk. */
export function overwriteBytes(file: string, offset: number, length: number): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, offset);
  } finally {
    closeSync(fd);
  }
}

/** The page where a table's b-tree starts, and the file's page size. */
export function rootPageOffset(file: string, table: string): number {
  const db = new Database(file, { readonly: true });
  try {
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const root = (
      db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as { rootpage: number }
    ).rootpage;
    return (root - 1) * pageSize;
  } finally {
    db.close();
  }
}

export function bytes(file: string): Buffer {
  return readFileSync(file);
}
