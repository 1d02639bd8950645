import type { ChatAck, ConversationSummary } from '@switchboard/shared';
import type { ConversationStore } from '../types.js';
import { byAt, clientKey, copy, type Data, type Guard } from './data.js';

/**
 * The `ConversationStore` port in memory, but `append` (a write, see `memory/transactions.ts`).
 * @example await createMemoryConversations(emptyData(), guard).loadOpenConversations()
 */
export function createMemoryConversations(
  data: Data,
  guard: Guard,
): Omit<ConversationStore, 'append'> {
  /** The first assignment time of a conversation, from its log. */
  const assignedAt = (id: string) =>
    (data.events.get(id) ?? []).find((e) => e.type === 'conversation.assigned')?.at;
  const ackOf = (actor: string, clientId: string): ChatAck | null => {
    const found = data.clientIds.get(clientKey(actor, clientId));
    return found
      ? {
          type: 'chat.ack',
          clientId: found.clientId,
          conversationId: found.conversationId,
          messageId: found.messageId,
          seq: found.seq,
          at: found.at,
        }
      : null;
  };

  return {
    customerHistory: (visitorId, limit) =>
      guard(() =>
        // Newest written first among those created at the same time, as SQLite's rowid order.
        [...data.conversations.values()]
          .filter((c) => c.visitor.id === visitorId)
          .reverse()
          .sort((a, b) => b.createdAt - a.createdAt)
          .slice(0, limit)
          .map(copy),
      ),
    recentHandleTimes: (perDepartment) =>
      guard(() => {
        const result = new Map<string, number[]>();
        const closed = [...data.conversations.values()]
          .filter((c) => c.status === 'closed' && c.routing && assignedAt(c.id) !== undefined)
          .sort((a, b) => (a.closedAt ?? 0) - (b.closedAt ?? 0));
        for (const c of closed) {
          const list = result.get(c.routing!.departmentId) ?? [];
          list.push((c.closedAt ?? 0) - assignedAt(c.id)!);
          result.set(c.routing!.departmentId, list.slice(-perDepartment));
        }
        return result;
      }),
    openAssignedAt: () =>
      guard(() => {
        const result = new Map<string, number>();
        for (const c of data.conversations.values()) {
          const at = c.status === 'closed' ? undefined : assignedAt(c.id);
          if (at !== undefined) result.set(c.id, at);
        }
        return result;
      }),
    loadOpenConversations: () =>
      guard(() =>
        [...data.conversations.values()]
          .filter((c) => c.status !== 'closed')
          .sort((a, b) => a.createdAt - b.createdAt)
          .map(copy),
      ),
    getConversation: (id) =>
      guard(() => {
        const found = data.conversations.get(id);
        return found ? copy(found) : null;
      }),
    latestConversationOf: (visitorId) =>
      guard(() => {
        // Open first, then the last changed, then the last written (SQLite's rowid).
        const closed = (c: ConversationSummary) => (c.status === 'closed' ? 1 : 0);
        const latest = [...data.conversations.values()]
          .filter((c) => c.visitor.id === visitorId)
          .reverse()
          .sort((a, b) => closed(a) - closed(b) || b.updatedAt - a.updatedAt)[0];
        return latest ? copy(latest) : null;
      }),
    recentClosed: (limit) =>
      guard(() =>
        [...data.conversations.values()]
          .filter((c) => c.status === 'closed')
          .sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0))
          .slice(0, limit)
          .map(copy),
      ),
    readEvents: (conversationId, afterSeq, limit) =>
      guard(() =>
        (data.events.get(conversationId) ?? [])
          .filter((e) => e.seq > afterSeq)
          .slice(0, limit)
          .map(copy),
      ),
    findClientId: (actor, clientId) => guard(() => ackOf(actor, clientId)),
    findClientIds: (keys) => guard(() => keys.map((k) => ackOf(k.actor, k.clientId))),
    openCutOffs: () =>
      guard(() =>
        [...data.conversations.values()]
          .filter(
            (c) =>
              c.status !== 'closed' &&
              (data.events.get(c.id) ?? []).some((e) => e.type === 'conversation.cut_off'),
          )
          .map((c) => c.id),
      ),
    conversationStarts: (visitorIds, from) =>
      guard(() => {
        const wanted = new Set(visitorIds);
        return [...data.conversations.values()]
          .filter((c) => wanted.has(c.visitor.id) && c.createdAt >= from)
          .map((c) => ({ visitorId: c.visitor.id, at: c.createdAt }))
          .sort(byAt);
      }),
  };
}
