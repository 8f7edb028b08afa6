import type { managerCalls } from '../../../shared/ipc/calls/manager';
import type { HandlersFor } from './handlers';

/** Handlers of the office manager's calls (shared/ipc/calls/manager.ts). */
export const managerHandlers: HandlersFor<keyof typeof managerCalls> = {};
