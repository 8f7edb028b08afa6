import type { Migration } from '../migration';

/**
 * When each account's password was set (`password_set_at`): by the manager, as a temporary one the
 * user must change at their next login, or by the user. A temporary password is good for a limited
 * time only (accounts/temporary-password.ts): one handed over on paper and never used would
 * otherwise open the account for good.
 *
 * Additive. A password set before this migration is dated by the account's last change
 * (`updated_at`), the closest the table knows: a temporary one older than the limit then needs a
 * new reset, which is the point.
 */
export const migration0014: Migration = {
  version: 14,
  name: 'password_set_at',
  up(db) {
    db.exec(`
      ALTER TABLE users ADD COLUMN password_set_at INTEGER NOT NULL DEFAULT 0;
      UPDATE users SET password_set_at = updated_at;
    `);
  },
};
