import type { Db } from './open';

/** One numbered, append-only schema step. After a schema has shipped, only add. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Db): void;
}
