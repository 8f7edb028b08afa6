import { insertIdentity, storeClockOffset } from '../../electron/core/sync/state';
import type { TestCore } from './core';

/**
 * A terminal the sync enrolled, as far as the core's clock cares: its identity stored and the
 * municipality's clock measured `offsetMs` ahead of the PC's in this session, as a sync does.
 */
export function enrolled(t: TestCore, offsetMs: number): void {
  insertIdentity(t.core.db, {
    serverUrl: 'http://127.0.0.1:1',
    terminalId: '00000000-0000-4000-8000-000000000001',
    terminalNumber: 2,
    officeCode: '1234',
    officeName: 'دفتر پیشخوان ۱۲',
    municipality: 'شهرداری نمونه',
    publicKey: 'test',
    keyRef: 'test',
    enrolledAt: t.core.now(),
  });
  storeClockOffset(t.core.db, offsetMs);
  t.core.clockWatch.measured();
}
