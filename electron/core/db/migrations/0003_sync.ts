import type { Migration } from '../migration';

/**
 * Sync with the municipality: this terminal's enrolled identity (one row; the private key itself is
 * kept outside the database, by a key store, and only referenced here), the sync state (pull cursor,
 * learned server-clock offset, last success and error), a record of sync runs, and the notices the
 * municipality sends.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        server_url TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        terminal_number INTEGER NOT NULL CHECK (terminal_number > 0),
        office_code TEXT NOT NULL,
        office_name TEXT NOT NULL,
        municipality TEXT NOT NULL,
        public_key TEXT NOT NULL,
        -- Where the key store keeps the private key (a file name, sealed or owner-only).
        key_ref TEXT NOT NULL,
        enrolled_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        pull_cursor INTEGER NOT NULL DEFAULT 0 CHECK (pull_cursor >= 0),
        -- When the municipality's catalog last applied was published (older ones replayed are skipped).
        catalog_published_at INTEGER,
        -- Server clock minus this PC's clock, learned from every answer; requests are signed with it.
        clock_offset_ms INTEGER NOT NULL DEFAULT 0,
        last_success_at INTEGER,
        last_error_code TEXT,
        last_error_message TEXT,
        last_error_at INTEGER,
        consecutive_failures INTEGER NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
        revoked_at INTEGER
      ) STRICT;
      INSERT INTO sync_state (id) VALUES (1);

      CREATE TABLE sync_attempts (
        id INTEGER PRIMARY KEY,
        trigger TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'failed')),
        pushed INTEGER NOT NULL DEFAULT 0,
        delivered INTEGER NOT NULL DEFAULT 0,
        needs_attention INTEGER NOT NULL DEFAULT 0,
        pulled INTEGER NOT NULL DEFAULT 0,
        error_code TEXT,
        error_message TEXT
      ) STRICT;
      CREATE INDEX sync_attempts_started ON sync_attempts (started_at);

      CREATE TABLE notices (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        text_fa TEXT NOT NULL,
        text_en TEXT NOT NULL,
        at INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        read_at INTEGER
      ) STRICT;
      CREATE INDEX notices_seq ON notices (seq);

      CREATE TRIGGER sync_identity_no_delete BEFORE DELETE ON sync_identity
        BEGIN SELECT RAISE(ABORT, 'the enrolled identity is never deleted'); END;
    `);
  },
};
