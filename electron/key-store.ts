import { safeStorage } from 'electron';
import { FileKeyStore, type Sealer } from './core/sync/key-store';

/**
 * The terminal's private key in the app: sealed with Electron's safeStorage (DPAPI on Windows,
 * Keychain on macOS, the secret service on Linux) in an owner-only file under the data folder.
 * safeStorage exists only in the main process: the core's worker reaches this sealer through the
 * host (seal/unseal messages), never by importing Electron.
 */
export const safeStorageSealer: Sealer = {
  async seal(plain) {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('safeStorage is not available on this system');
    return safeStorage.encryptString(plain.toString('base64'));
  },
  async unseal(sealed) {
    return Buffer.from(safeStorage.decryptString(sealed), 'base64');
  },
};

/** The app's key store: `<dataDir>/keys/terminal-key-*.sealed`, 0600, in a 0700 folder. */
export function createAppKeyStore(keysDir: string, sealer: Sealer = safeStorageSealer): FileKeyStore {
  return new FileKeyStore(keysDir, sealer);
}
