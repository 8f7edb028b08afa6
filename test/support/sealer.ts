import type { Sealer } from '../../electron/core/sync';

/** Marks what the test sealer wrote, so a test can tell a sealed key file from a bare one. */
export const TEST_SEAL_MAGIC = Buffer.from('TEST-SEALED:');

/**
 * Stands in for Electron's safeStorage where there is no Electron: reversible, and visibly not the
 * key's own bytes. It counts its calls, so a test can see the key went through it.
 */
export function testSealer(): Sealer & { readonly calls: { seal: number; unseal: number } } {
  const calls = { seal: 0, unseal: 0 };
  return {
    calls,
    async seal(plain) {
      calls.seal++;
      return Buffer.concat([TEST_SEAL_MAGIC, Buffer.from(plain.map((b) => b ^ 0x5a))]);
    },
    async unseal(sealed) {
      calls.unseal++;
      if (!sealed.subarray(0, TEST_SEAL_MAGIC.length).equals(TEST_SEAL_MAGIC))
        throw new Error('not sealed by the test sealer');
      return Buffer.from(sealed.subarray(TEST_SEAL_MAGIC.length).map((b) => b ^ 0x5a));
    },
  };
}
