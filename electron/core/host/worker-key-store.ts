import { join } from 'node:path';
import { FileKeyStore, SyncFailure, type KeyStore, type Sealer } from '../sync';

/** A sealer that failed (no safeStorage on this system, a key sealed for another user) needs a person. */
async function keyFailure<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof SyncFailure) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SyncFailure('key_missing', `the terminal key could not be ${what}: ${reason}`, false);
  }
}

/**
 * The app's terminal key: sealed by `sealer` (safeStorage, through the host) in `<dataDir>/keys`,
 * the folder the command-line tool uses too. A key the tool saved at enrollment (`.der`, owner-only,
 * not sealed) still loads, so a terminal enrolled by office IT support syncs from the app.
 */
export function workerKeyStore(dataDir: string, sealer: Sealer): KeyStore {
  const dir = join(dataDir, 'keys');
  const sealed = new FileKeyStore(dir, sealer);
  const plain = new FileKeyStore(dir);
  return {
    save: (privateKeyPkcs8) => keyFailure('sealed', () => sealed.save(privateKeyPkcs8)),
    load: (ref) => keyFailure('unsealed', () => (ref.endsWith('.der') ? plain.load(ref) : sealed.load(ref))),
  };
}
