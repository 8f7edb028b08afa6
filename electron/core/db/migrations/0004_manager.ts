import type { Migration } from '../migration';

/**
 * The office manager's side: business days per terminal (opened with a cash float, closed with the
 * counted cash, the card terminal's settlement slip and a note for every difference), cash moved in
 * or out of the drawer during a day, and voids of an already closed day's transactions (refunded
 * from a later day's drawer). A closed day never changes; nothing here is ever deleted; users are
 * deactivated, never deleted.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'manager',
  up(db) {
    db.exec(`
      CREATE TABLE business_days (
        id TEXT PRIMARY KEY,
        terminal_number INTEGER NOT NULL CHECK (terminal_number BETWEEN 1 AND 99),
        -- The Tehran calendar date (Gregorian ISO, like transactions.business_date); shown in Jalali.
        business_date TEXT NOT NULL CHECK (business_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
        opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
        opened_by INTEGER NOT NULL REFERENCES users (id),
        opened_at INTEGER NOT NULL,
        closed_by INTEGER REFERENCES users (id),
        closed_at INTEGER,
        counted_cash INTEGER CHECK (counted_cash >= 0),
        card_slip_total INTEGER CHECK (card_slip_total >= 0),
        expected_cash INTEGER,
        expected_card INTEGER,
        cash_difference INTEGER,
        card_difference INTEGER,
        cash_note TEXT,
        card_note TEXT,
        -- The last void recorded when the day closed: voids after it of this day's sales are refunds
        -- from a later drawer (late_voids). Ids, not times: a PC's clock may stand still or go back.
        voids_through INTEGER,
        -- The settlement report as sent to the municipality (JSON).
        settlement TEXT,
        CHECK ((state = 'open') = (closed_at IS NULL)),
        CHECK (state = 'open' OR (closed_by IS NOT NULL AND counted_cash IS NOT NULL AND card_slip_total IS NOT NULL
          AND expected_cash IS NOT NULL AND expected_card IS NOT NULL AND voids_through IS NOT NULL
          AND settlement IS NOT NULL)),
        CHECK (state = 'open' OR cash_difference = 0 OR coalesce(length(cash_note), 0) > 0),
        CHECK (state = 'open' OR card_difference = 0 OR coalesce(length(card_note), 0) > 0)
      ) STRICT;
      CREATE UNIQUE INDEX business_days_terminal_date_unique ON business_days (terminal_number, business_date);
      CREATE INDEX business_days_state ON business_days (terminal_number, state, business_date);

      CREATE TABLE cash_movements (
        id INTEGER PRIMARY KEY,
        day_id TEXT NOT NULL REFERENCES business_days (id),
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
        amount INTEGER NOT NULL CHECK (amount > 0),
        reason TEXT NOT NULL CHECK (reason IN ('petty_cash', 'bank_deposit', 'float_top_up', 'other')),
        note TEXT NOT NULL,
        user_id INTEGER NOT NULL REFERENCES users (id),
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX cash_movements_day ON cash_movements (day_id, id);

      -- A transaction of a day already closed, voided later: its refund leaves the drawer of the
      -- day that was open when the void was settled, and is counted there once.
      CREATE TABLE late_voids (
        transaction_id TEXT PRIMARY KEY REFERENCES transactions (id),
        day_id TEXT NOT NULL REFERENCES business_days (id)
      ) STRICT;
      CREATE INDEX late_voids_day ON late_voids (day_id);

      CREATE INDEX voids_at ON voids (at);

      CREATE TRIGGER business_days_no_delete BEFORE DELETE ON business_days
        BEGIN SELECT RAISE(ABORT, 'business days are never deleted'); END;
      CREATE TRIGGER business_days_closed_frozen BEFORE UPDATE ON business_days WHEN OLD.state = 'closed'
        BEGIN SELECT RAISE(ABORT, 'a closed business day never changes'); END;
      CREATE TRIGGER business_days_identity_frozen BEFORE UPDATE OF id, terminal_number, business_date, opening_float,
        opened_by, opened_at ON business_days
        BEGIN SELECT RAISE(ABORT, 'a business day keeps its date and opening float'); END;
      CREATE TRIGGER cash_movements_no_delete BEFORE DELETE ON cash_movements
        BEGIN SELECT RAISE(ABORT, 'cash movements are never deleted'); END;
      CREATE TRIGGER cash_movements_no_update BEFORE UPDATE ON cash_movements
        BEGIN SELECT RAISE(ABORT, 'cash movements are never changed'); END;
      CREATE TRIGGER cash_movements_open_day_only BEFORE INSERT ON cash_movements
        WHEN (SELECT state FROM business_days WHERE id = NEW.day_id) IS NOT 'open'
        BEGIN SELECT RAISE(ABORT, 'cash moves only in an open business day'); END;
      CREATE TRIGGER late_voids_no_delete BEFORE DELETE ON late_voids
        BEGIN SELECT RAISE(ABORT, 'late voids are never deleted'); END;
      CREATE TRIGGER late_voids_no_update BEFORE UPDATE ON late_voids
        BEGIN SELECT RAISE(ABORT, 'late voids are never changed'); END;
      CREATE TRIGGER users_no_delete BEFORE DELETE ON users
        BEGIN SELECT RAISE(ABORT, 'users are deactivated, never deleted'); END;
    `);
  },
};
