import type { ConversationSummary } from '@switchboard/shared';

/**
 * Queue order: higher priority first, then first queued first (a requeued conversation keeps its
 * `queuedAt`), then first created, then id.
 * @example waiting.sort(queueOrder)
 */
export function queueOrder(a: ConversationSummary, b: ConversationSummary): number {
  return (
    (b.routing?.priority ?? 0) - (a.routing?.priority ?? 0) ||
    (a.queuedAt ?? a.createdAt) - (b.queuedAt ?? b.createdAt) ||
    a.createdAt - b.createdAt ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
