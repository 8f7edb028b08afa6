import type { Migration } from '../migration';
import { migration0001 } from './0001_initial';
import { migration0002 } from './0002_counter';
import { migration0003 } from './0003_sync';
import { migration0004 } from './0004_manager';
import { migration0005 } from './0005_report_totals';
import { migration0006 } from './0006_settlement_lookup';
import { migration0007 } from './0007_transaction_text';
import { migration0008 } from './0008_citizen_lookup';
import { migration0009 } from './0009_void_source';
import { migration0010 } from './0010_text_index_batches';
import { migration0011 } from './0011_audit_pending';
import { migration0012 } from './0012_void_business_date';
import { migration0013 } from './0013_payer_kind';
import { migration0014 } from './0014_password_set_at';
import { migration0015 } from './0015_search_fold';
import { migration0016 } from './0016_receipt_print_cancelled';
import { migration0017 } from './0017_clock_offset_kept';

/** Every migration, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
  migration0017,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
