import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SyncFailure } from './errors';

/**
 * Where this terminal's Ed25519 private key lives. The database only holds the reference that
 * `save` returns. The key never leaves the machine.
 */
export interface KeyStore {
  /** Keeps the private key (PKCS#8 DER bytes); answers the reference to store. */
  save(privateKeyPkcs8: Buffer): Promise<string>;
  /** The private key saved under `ref`; throws `key_missing` if it is gone. */
  load(ref: string): Promise<Buffer>;
}

/** Encrypts key bytes at rest, e.g. with Electron's safeStorage (electron/key-store.ts). */
export interface Sealer {
  seal(plain: Buffer): Promise<Buffer>;
  unseal(sealed: Buffer): Promise<Buffer>;
}

/**
 * The key in a file of its own in `dir`, readable and writable by its owner only (0600), written
 * with an fsync before the reference is returned. With a `sealer`, the file holds the sealed bytes.
 */
export class FileKeyStore implements KeyStore {
  constructor(
    private readonly dir: string,
    private readonly sealer?: Sealer,
  ) {}

  async save(privateKeyPkcs8: Buffer): Promise<string> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const bytes = this.sealer ? await this.sealer.seal(privateKeyPkcs8) : privateKeyPkcs8;
    const name = `terminal-key-${randomBytes(6).toString('hex')}${this.sealer ? '.sealed' : '.der'}`;
    const fd = openSync(join(this.dir, name), 'wx', 0o600);
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return name;
  }

  async load(ref: string): Promise<Buffer> {
    // A reference is a bare file name in this store's folder; anything else is not ours.
    if (basename(ref) !== ref || ref.startsWith('.'))
      throw new SyncFailure('key_missing', 'the key reference is not a file of this key store', false);
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(this.dir, ref));
    } catch {
      throw new SyncFailure('key_missing', `the terminal's private key (${ref}) is missing`, false);
    }
    return this.sealer ? this.sealer.unseal(bytes) : bytes;
  }
}
