/**
 * The name of every call of the contract, written out as plain strings. The preload needs the
 * names and their channels but none of the schemas, so it imports this module and zod stays out of
 * the sandboxed preload bundle. test/unit/electron/call-names.test.ts pins this list to the
 * contract (at compile time and at run time): a call added there must be added here.
 */
export const CALL_NAME_LIST = [
  'app.info',
  'setup.createOffice',
  'session.current',
  'session.login',
  'session.logout',
  'session.touch',
  'session.lock',
  'session.unlock',
  'settings.get',
  'settings.update',
  'catalog.current',
  'counter.draft',
  'citizens.lookup',
  'transactions.create',
  'transactions.get',
  'transactions.search',
  'transactions.list',
  'transactions.void',
  'receipts.print',
  'day.overview',
  'day.open',
  'day.detail',
  'day.recordMovement',
  'day.close',
  'users.list',
  'users.create',
  'users.resetPassword',
  'users.setActive',
  'session.changePassword',
  'audit.status',
  'audit.verify',
  'reports.range',
  'backups.list',
  'backups.create',
  'backups.updateSettings',
  'backups.preview',
  'backups.restore',
  'backups.afterClose',
  'sync.status',
  'sync.now',
  'sync.online',
  'sync.enroll',
  'sync.correctOffice',
  'sync.requeue',
  'diagnostics.save',
  'files.choose',
  'notices.list',
  'notices.markRead',
] as const;

export type ListedCallName = (typeof CALL_NAME_LIST)[number];

/** The IPC channel of a call; the same as the contract's `channelOf` (pinned by the same test). */
export function channelFor(name: ListedCallName): string {
  return `pishkhan:${name}`;
}
