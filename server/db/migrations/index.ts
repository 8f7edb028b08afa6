import type { Migration } from '../migration';
import { migration0001 } from './0001_initial';
import { migration0002 } from './0002_settlements_audit';
import { migration0003 } from './0003_accept_audit_breaks';
import { migration0004 } from './0004_settlement_audit_head';
import { migration0005 } from './0005_settlement_late_voids';
import { migration0006 } from './0006_set_wise_references';
import { migration0007 } from './0007_terminal_rekeys';

/** In order; each version once. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
];
