// The little of PouchDB and express-pouchdb the peer scenario uses (neither ships its own types).
declare module 'pouchdb' {
  interface ReplicationResult {
    readonly ok: boolean;
    readonly docs_written: number;
    readonly doc_write_failures: number;
  }
  interface Database {
    bulkDocs(docs: readonly object[]): Promise<unknown[]>;
    info(): Promise<{ doc_count: number }>;
    close(): Promise<void>;
    readonly replicate: {
      to(
        target: string,
        options?: { batch_size?: number; batches_limit?: number },
      ): Promise<ReplicationResult>;
    };
  }
  interface PouchDBStatic {
    new (name: string): Database;
    defaults(options: { prefix: string }): PouchDBStatic;
  }
  const PouchDB: PouchDBStatic;
  export default PouchDB;
}

declare module 'express-pouchdb' {
  import type { RequestListener } from 'node:http';
  import type PouchDB from 'pouchdb';
  function expressPouchDB(
    pouch: typeof PouchDB,
    options: { mode: 'minimumForPouchDB' | 'fullCouchDB'; inMemoryConfig?: boolean; logPath?: string },
  ): RequestListener;
  export default expressPouchDB;
}
