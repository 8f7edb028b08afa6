/**
 * Sync with the municipality (issue 4), plain Node: enrollment, signed push of the outbox, cursor
 * pull of the office's feed, and the engine that runs them on triggers with backoff.
 */
export { createSyncEngine, backoffDelay } from './engine';
export type { SyncEngine, SyncEngineOptions, SyncReport, SyncTrigger, Timers } from './engine';
export type { EnrollInput, EnrollResult } from './enroll';
export { SyncFailure, SYNC_FAILURE_CODES, type SyncFailureCode } from './errors';
export { FileKeyStore, type KeyStore, type Sealer } from './key-store';
export { PUSH_IN_FLIGHT, PUSH_MAX_BYTES, PUSH_MAX_ITEMS, SLICE_ITEMS } from './push';
export { CLOCK_WARNING_MS, type NeedsAttentionItem, type SyncStatus } from './status';
export type { FetchLike } from './client';
