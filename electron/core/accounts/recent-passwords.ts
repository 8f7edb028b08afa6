import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The passwords this process has checked with scrypt and found right, kept as an HMAC under a key
 * that never leaves memory, each beside the stored hash it was checked against. A manager types
 * their password again to sign a day's close, a backup restore or a void; scrypt is built to cost
 * a noticeable time (161 ms on the benchmark's VM) and it was already paid at their login. Typing
 * the same password again is then recognized in microseconds. An entry lives until its user's
 * session ends; a password checked for someone with no session here (a void's approver at an
 * operator's counter) is not kept at all.
 *
 * Only a right password is ever recognized here: a wrong one still goes through scrypt (so guessing
 * stays as slow as before), and the checks after it (lockout, inactive account) apply as before.
 * A changed password changes the stored hash, and an entry for another hash is not used. An
 * attacker who could read this process's memory could test guesses against an entry at HMAC's
 * speed; such an attacker could as well read the password itself as the renderer sends it.
 */
export class RecentPasswords {
  private readonly key = randomBytes(32);
  private readonly entries = new Map<number, { readonly storedHash: string; readonly digest: Buffer }>();

  /** Is this the password last found right for this user, against the hash stored now? */
  recognizes(userId: number, storedHash: string, password: string): boolean {
    const entry = this.entries.get(userId);
    if (!entry || entry.storedHash !== storedHash) return false;
    return timingSafeEqual(entry.digest, this.digest(password));
  }

  /** After scrypt found `password` right against `storedHash`. */
  remember(userId: number, storedHash: string, password: string): void {
    this.entries.set(userId, { storedHash, digest: this.digest(password) });
  }

  /** When a session of this user ends (SessionStore's onEnd): their next check pays scrypt again. */
  forget(userId: number): void {
    this.entries.delete(userId);
  }

  private digest(password: string): Buffer {
    return createHmac('sha256', this.key).update(password.normalize('NFC'), 'utf8').digest();
  }
}
