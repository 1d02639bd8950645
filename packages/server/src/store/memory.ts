import type { ChatAck, ConversationEvent, ConversationSummary } from '@switchboard/shared';
import type { AgentRecord, ClientIdRecord, Store, VisitorRecord } from './types.js';

/**
 * A store in memory, with the same contract as SQLite (atomic append, seq check, dedupe). For
 * tests, and for trying the relay without a disk. `reopen()` gives a fresh handle on the same data,
 * like a process restart on the same file.
 * @example const store = createMemoryStore(); const again = store.reopen()
 */
export function createMemoryStore(): Store & { reopen(): Store & { reopen(): Store } } {
  const data = {
    conversations: new Map<string, ConversationSummary>(),
    events: new Map<string, ConversationEvent[]>(),
    clientIds: new Map<string, ClientIdRecord>(),
    visitors: new Map<string, VisitorRecord>(),
    agents: new Map<string, AgentRecord>(),
  };
  return handle(data);
}

type Data = {
  conversations: Map<string, ConversationSummary>;
  events: Map<string, ConversationEvent[]>;
  clientIds: Map<string, ClientIdRecord>;
  visitors: Map<string, VisitorRecord>;
  agents: Map<string, AgentRecord>;
};

const copy = <T>(value: T): T => structuredClone(value);

function handle(data: Data): Store & { reopen(): Store & { reopen(): Store } } {
  let open = true;
  const guard = async <T>(fn: () => T): Promise<T> => {
    if (!open) throw new Error('store is closed');
    return fn();
  };
  const clientKey = (actor: string, clientId: string) => `${actor}\u0000${clientId}`;

  return {
    append: (batch) =>
      guard(() => {
        const { conversation, events } = batch;
        const log = data.events.get(conversation.id) ?? [];
        // Check everything first, then write: all or nothing.
        events.forEach((event, i) => {
          if (event.seq !== log.length + 1 + i) {
            throw new Error(`conversation ${conversation.id}: seq ${event.seq} out of order`);
          }
        });
        const key = batch.clientId && clientKey(batch.clientId.actor, batch.clientId.clientId);
        if (key && data.clientIds.has(key)) throw new Error('clientId already stored');
        data.conversations.set(conversation.id, copy(conversation));
        data.events.set(conversation.id, [...log, ...copy(events)]);
        if (key && batch.clientId) data.clientIds.set(key, copy(batch.clientId));
      }),
    loadOpenConversations: () =>
      guard(() => [...data.conversations.values()].filter((c) => c.status !== 'closed').map(copy)),
    getConversation: (id) =>
      guard(() => {
        const found = data.conversations.get(id);
        return found ? copy(found) : null;
      }),
    latestConversationOf: (visitorId) =>
      guard(() => {
        const mine = [...data.conversations.values()].filter((c) => c.visitor.id === visitorId);
        const open = mine.find((c) => c.status !== 'closed');
        const latest = open ?? mine.sort((a, b) => b.updatedAt - a.updatedAt)[0];
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
    findClientId: (actor, clientId) =>
      guard((): ChatAck | null => {
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
      }),
    getVisitor: (id) => guard(() => copy(data.visitors.get(id) ?? null)),
    createVisitor: (visitor) =>
      guard(() => {
        if (!data.visitors.has(visitor.id)) data.visitors.set(visitor.id, copy(visitor));
      }),
    listAgents: () =>
      guard(() => [...data.agents.values()].sort((a, b) => a.createdAt - b.createdAt).map(copy)),
    getAgent: (id) => guard(() => copy(data.agents.get(id) ?? null)),
    findAgentByEmail: (email) =>
      guard(() => {
        const lower = email.toLowerCase();
        return copy([...data.agents.values()].find((a) => a.email.toLowerCase() === lower) ?? null);
      }),
    saveAgent: (agent) =>
      guard(() => {
        data.agents.set(agent.id, copy(agent));
      }),
    isOpen: () => open,
    close: async () => {
      open = false;
    },
    reopen: () => handle(data),
  };
}
