import { parseAttentionReason, type StoredAttentionReason } from '../../../shared/sync/attention-reason';

export interface OutboxDelivery {
  readonly state: 'pending' | 'delivered' | 'needs_attention';
  readonly reason: StoredAttentionReason | null;
}

/**
 * An outbox item as a screen says it: delivered, refused (it waits for the manager on the Sync
 * screen, with the refusal's reason), or waiting to be sent. A requeued item keeps its last refusal
 * in last_error until it is answered again; it is waiting.
 */
export function outboxDelivery(row: {
  readonly state: string;
  readonly last_error: string | null;
}): OutboxDelivery {
  switch (row.state) {
    case 'delivered':
      return { state: 'delivered', reason: null };
    case 'needs_attention':
      return { state: 'needs_attention', reason: parseAttentionReason(row.last_error ?? '') };
    default:
      return { state: 'pending', reason: null };
  }
}
