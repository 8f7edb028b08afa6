import type { Migration } from '../migration';
import { migration0001 } from './0001_initial';

/** In order; each version once. */
export const MIGRATIONS: readonly Migration[] = [migration0001];
