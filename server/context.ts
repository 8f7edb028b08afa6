import type { Database } from './db/database';

/** What every route needs: the database, the clock and the admin token. */
export interface ServerContext {
  readonly db: Database;
  readonly now: () => number;
  readonly adminToken: string;
}

/** A terminal whose request was verified. */
export interface AuthenticatedTerminal {
  readonly id: string;
  readonly number: number;
  readonly officeId: number;
  readonly officeCode: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The body's bytes as received, for the signature's body hash. */
    rawBody: Buffer | null;
    terminal: AuthenticatedTerminal | null;
  }
}
