/**
 * One small interface over PostgreSQL (node-postgres) and the embedded PGlite, so every query is
 * written once. Parameters are `$1…`; rows come back as plain objects. Write SQL so both drivers
 * return the same JS types: cast bigint to float8 (or text) and pass JSON as text with `::jsonb`.
 */
export interface Queryable {
  query<Row extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<Row[]>;
  /** Several statements, no parameters (a migration's script). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one database transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
