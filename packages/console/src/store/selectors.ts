import type { ConversationStatus, ConversationSummary } from '@switchboard/shared';
import type { ConsoleState, PendingMessage } from './state.js';

/** The inbox filters. `all` lists waiting, then active, then closed. */
export type InboxFilter = 'all' | ConversationStatus;

/**
 * Whether the visitor wrote something the agent has not seen: the last message is theirs and the
 * log moved past what the agent had read. The open conversation and closed ones never count.
 */
export function isUnread(state: ConsoleState, summary: ConversationSummary): boolean {
  if (summary.id === state.selectedId || summary.status === 'closed') return false;
  if (summary.preview?.role !== 'visitor') return false;
  return summary.lastSeq > (state.lastRead[summary.id] ?? 0);
}

const byStatus = (state: ConsoleState, status: ConversationStatus) =>
  Object.values(state.inbox).filter((c) => c.status === status);

/**
 * The inbox in display order: waiting first, longest wait first (they need someone now), then
 * active by latest activity, then closed by when they ended.
 * @example inboxList(state, 'waiting')
 */
export function inboxList(state: ConsoleState, filter: InboxFilter): ConversationSummary[] {
  const waiting = () => byStatus(state, 'waiting').sort((a, b) => a.createdAt - b.createdAt);
  const active = () => byStatus(state, 'active').sort((a, b) => b.updatedAt - a.updatedAt);
  const closed = () =>
    byStatus(state, 'closed').sort(
      (a, b) => (b.closedAt ?? b.updatedAt) - (a.closedAt ?? a.updatedAt),
    );
  switch (filter) {
    case 'waiting':
      return waiting();
    case 'active':
      return active();
    case 'closed':
      return closed();
    case 'all':
      return [...waiting(), ...active(), ...closed()];
  }
}

/** How many conversations each filter holds, for the filter tabs. */
export function inboxCounts(state: ConsoleState): Record<InboxFilter, number> {
  const counts = { all: 0, waiting: 0, active: 0, closed: 0 };
  for (const c of Object.values(state.inbox)) {
    counts.all++;
    counts[c.status]++;
  }
  return counts;
}

/** One line of the conversation view. */
export type ThreadItem =
  | {
      kind: 'message';
      key: string;
      role: 'visitor' | 'agent' | 'system';
      authorName: string;
      /** True when the current agent wrote it. */
      mine: boolean;
      text: string;
      at: number;
      /** Only for the agent's own replies not yet in the log. */
      pending?: PendingMessage['status'];
    }
  | {
      kind: 'system';
      key: string;
      event: 'created' | 'assigned' | 'closed';
      name: string;
      at: number;
    };

/**
 * The log of one conversation as lines to show: its events, then the agent's pending replies that
 * the log does not hold yet (matched by clientId, so a reply is never shown twice).
 * @example threadItems(state, state.selectedId)
 */
export function threadItems(state: ConsoleState, conversationId: string): ThreadItem[] {
  const thread = state.threads[conversationId];
  const me = state.agent;
  const items: ThreadItem[] = [];
  const echoed = new Set<string>();
  for (const event of thread?.events ?? []) {
    const key = `e${event.seq}`;
    switch (event.type) {
      case 'conversation.created':
        items.push({
          kind: 'system',
          key,
          event: 'created',
          name: event.visitor.name,
          at: event.at,
        });
        break;
      case 'conversation.assigned':
        items.push({
          kind: 'system',
          key,
          event: 'assigned',
          name: event.agent.name,
          at: event.at,
        });
        break;
      case 'conversation.closed':
        items.push({
          kind: 'system',
          key,
          event: 'closed',
          name: event.by.role === 'system' ? '' : event.by.name,
          at: event.at,
        });
        break;
      case 'message.created':
        echoed.add(event.clientId);
        items.push({
          kind: 'message',
          key: `m${event.clientId}`,
          role: event.author.role,
          authorName: event.author.name,
          mine: event.author.role === 'agent' && event.author.id === me?.id,
          text: event.text,
          at: event.at,
        });
        break;
    }
  }
  for (const pending of state.outbox) {
    if (pending.conversationId !== conversationId || echoed.has(pending.clientId)) continue;
    items.push({
      kind: 'message',
      key: `m${pending.clientId}`,
      role: 'agent',
      authorName: me?.name ?? '',
      mine: true,
      text: pending.text,
      at: pending.at ?? pending.createdAt,
      pending: pending.status,
    });
  }
  return items;
}

/** The visitor's typing name in a conversation, if the indicator has not expired. */
export function typingName(
  state: ConsoleState,
  conversationId: string,
  now: number,
): string | null {
  const typing = state.typing[conversationId];
  return typing && typing.until > now ? typing.name : null;
}
