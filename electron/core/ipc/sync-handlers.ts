import type { syncCalls } from '../../../shared/ipc/calls/sync';
import type { HandlersFor } from './handlers';

/** Handlers of the Sync screen's calls (shared/ipc/calls/sync.ts). */
export const syncHandlers: HandlersFor<keyof typeof syncCalls> = {};
