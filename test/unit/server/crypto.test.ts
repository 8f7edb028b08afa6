import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../server/crypto';

describe('sha256Hex', () => {
  it('gives the published SHA-256 test vectors (FIPS 180-2)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes a text as its UTF-8 bytes, the same as those bytes given as such', () => {
    const text = '{"citizen":{"firstName":"علی","lastName":"رضایی"},"note":"نیم\u200cفاصله"}';
    const bytes = new TextEncoder().encode(text);
    expect(sha256Hex(text)).toBe(createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
    expect(sha256Hex(bytes)).toBe(sha256Hex(text));
  });
});
