import type { Queryable } from './database';

/** One numbered step of the server's schema. After a step has shipped, only add new ones. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(tx: Queryable): Promise<void>;
}
