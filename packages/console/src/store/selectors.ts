import type {
  AgentStatus,
  Callback,
  CannedResponse,
  ConversationQueued,
  ConversationStatus,
  ConversationSummary,
  ConversationUnoffered,
} from '@switchboard/shared';
import { dispositionLabel } from './quality.js';
import type { ComposeMode, ConsoleState, PendingMessage } from './state.js';

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
 * Queue order, as routing serves it: higher priority first, then first come, first served (the
 * time it first queued, kept across requeues).
 */
export function queueOrder(a: ConversationSummary, b: ConversationSummary): number {
  const priority = (b.routing?.priority ?? 0) - (a.routing?.priority ?? 0);
  if (priority !== 0) return priority;
  return (a.queuedAt ?? a.createdAt) - (b.queuedAt ?? b.createdAt);
}

/**
 * The inbox in display order: waiting first in queue order (they need someone now), then
 * active by latest activity, then closed by when they ended.
 * @example inboxList(state, 'waiting')
 */
export function inboxList(state: ConsoleState, filter: InboxFilter): ConversationSummary[] {
  const waiting = () => byStatus(state, 'waiting').sort(queueOrder);
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

/** The inbox sections, in display order. */
export type InboxSection = 'mine' | 'waiting' | 'team' | 'closed';

/** Whether the signed-in agent holds the conversation (assigned, or joined as a participant). */
export function isMine(state: ConsoleState, summary: ConversationSummary): boolean {
  const me = state.agent?.id;
  if (!me || summary.status === 'closed') return false;
  return summary.agent?.id === me || (summary.participants ?? []).some((p) => p.id === me);
}

/**
 * The inbox split into sections: Mine (assigned to me, or joined), Waiting (queue order), Team
 * (active with someone else), Closed. The filter keeps only the matching sections.
 * @example inboxSections(state, 'all').find((s) => s.id === 'waiting')
 */
export function inboxSections(
  state: ConsoleState,
  filter: InboxFilter,
): Array<{ id: InboxSection; conversations: ConversationSummary[] }> {
  const active = inboxList(state, 'active');
  const mine = active.filter((c) => isMine(state, c));
  const team = active.filter((c) => !isMine(state, c));
  const all: Array<{ id: InboxSection; conversations: ConversationSummary[] }> = [
    { id: 'mine', conversations: mine },
    { id: 'waiting', conversations: inboxList(state, 'waiting') },
    { id: 'team', conversations: team },
    { id: 'closed', conversations: inboxList(state, 'closed') },
  ];
  const shown: Record<InboxFilter, InboxSection[]> = {
    all: ['mine', 'waiting', 'team', 'closed'],
    waiting: ['waiting'],
    active: ['mine', 'team'],
    closed: ['closed'],
  };
  return all.filter((s) => shown[filter].includes(s.id) && s.conversations.length > 0);
}

/**
 * The conversations offered to me whose offer is still running, soonest to expire first.
 * @example myOffers(state, Date.now())[0]?.offer?.expiresAt
 */
export function myOffers(state: ConsoleState, now: number): ConversationSummary[] {
  const me = state.agent?.id;
  if (!me) return [];
  return Object.values(state.inbox)
    .filter((c) => c.status === 'waiting' && c.offer?.agent.id === me && c.offer.expiresAt > now)
    .sort((a, b) => (a.offer?.expiresAt ?? 0) - (b.offer?.expiresAt ?? 0));
}

/** Any conversation the console knows by id: the inbox, opened history, or a customer's list. */
export function summaryFor(
  state: ConsoleState,
  conversationId: string,
): ConversationSummary | undefined {
  const known = state.inbox[conversationId] ?? state.archive[conversationId];
  if (known) return known;
  for (const list of Object.values(state.history)) {
    const found = list.find((c) => c.id === conversationId);
    if (found) return found;
  }
  return undefined;
}

/** A department's name from the departments, else from the queues, else its id. */
export function departmentName(state: ConsoleState, departmentId: string): string {
  return (
    state.departments.find((d) => d.id === departmentId)?.name ??
    state.routing?.queues.find((q) => q.departmentId === departmentId)?.name ??
    departmentId
  );
}

/** An agent's name from the routing snapshot, else the id. */
export function agentName(state: ConsoleState, agentId: string): string {
  return state.routing?.agents.find((a) => a.id === agentId)?.name ?? agentId;
}

/** My load and capacity ("2 of 3 chats"), from the snapshot, else my profile; null when unknown. */
export function myLoad(state: ConsoleState): { load: number; capacity: number } | null {
  const me = state.agent;
  if (!me) return null;
  const status = state.routing?.agents.find((a) => a.id === me.id);
  if (status) return { load: status.load, capacity: status.capacity };
  if (me.capacity !== undefined) {
    const load = Object.values(state.inbox).filter((c) => isMine(state, c)).length;
    return { load, capacity: me.capacity };
  }
  return null;
}

/** Whether an agent can take a conversation now: online, connected, with room. */
export function isAvailable(agent: AgentStatus): boolean {
  return agent.presence === 'online' && agent.connected && agent.load < agent.capacity;
}

/**
 * Canned responses for what follows the `/`: shortcuts that start with it first (an exact match
 * at the top), then those that contain it.
 * @example cannedMatches(canned, 'ref') // [{ shortcut: 'refund', ... }]
 */
export function cannedMatches(canned: readonly CannedResponse[], query: string): CannedResponse[] {
  const q = query.toLowerCase();
  const starts = canned
    .filter((c) => c.shortcut.startsWith(q))
    .sort((a, b) => a.shortcut.length - b.shortcut.length || a.shortcut.localeCompare(b.shortcut));
  const contains = canned.filter((c) => !c.shortcut.startsWith(q) && c.shortcut.includes(q));
  return [...starts, ...contains];
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

/** A system line of the log: what happened, with the names it needs. */
export type SystemEvent =
  /** `article`: the title of the help article the visitor was reading. */
  | { event: 'created'; name: string; article?: string }
  | { event: 'assigned'; name: string; by?: string }
  /** `name` is empty when the relay closed it. */
  | { event: 'closed'; name: string }
  | { event: 'abandoned'; waitMs?: number }
  | { event: 'offered'; name: string }
  | { event: 'unoffered'; name: string; reason: ConversationUnoffered['reason'] }
  | { event: 'queued'; reason: ConversationQueued['reason']; department: string; from?: string }
  | { event: 'transferred'; by: string; to: string; note?: string }
  | { event: 'joined'; name: string }
  | { event: 'deferred' }
  /** The visitor left mid-conversation (`conversation.cut_off`). */
  | { event: 'cut_off' }
  /** A callback was made from this conversation, after its cut-off. */
  | { event: 'callback'; reference: string }
  /** `visitor.updated` giving a user id (new or different): who the visitor turned out to be. */
  | { event: 'identified'; name: string }
  /** `visitor.updated` changing other details (name, email, phone, attributes). */
  | { event: 'visitor_updated' }
  /** `conversation.wrapped`: the disposition's label and whether it was resolved. */
  | { event: 'wrapped'; disposition: string; resolved: boolean; note?: string }
  /** `survey.submitted`: the answers this event holds. */
  | { event: 'surveyed'; csat?: number; ces?: number; comment?: string };

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
      kind: 'note';
      key: string;
      /** An internal note, or a supervisor's whisper. Agents only. */
      noteKind: 'note' | 'whisper';
      authorName: string;
      mine: boolean;
      text: string;
      at: number;
      pending?: PendingMessage['status'];
    }
  | ({ kind: 'system'; key: string; at: number } & SystemEvent);

function systemEvent(
  state: ConsoleState,
  event: NonNullable<ConsoleState['threads'][string]>['events'][number],
): SystemEvent | null {
  switch (event.type) {
    case 'conversation.created':
      return event.article
        ? { event: 'created', name: event.visitor.name, article: event.article.title }
        : { event: 'created', name: event.visitor.name };
    case 'conversation.assigned':
      return event.by && event.by.id !== event.agent.id
        ? { event: 'assigned', name: event.agent.name, by: event.by.name }
        : { event: 'assigned', name: event.agent.name };
    case 'conversation.closed':
      if (event.reason === 'abandoned') {
        return event.waitMs === undefined
          ? { event: 'abandoned' }
          : { event: 'abandoned', waitMs: event.waitMs };
      }
      return { event: 'closed', name: event.by.role === 'system' ? '' : event.by.name };
    case 'conversation.offered':
      return { event: 'offered', name: event.agent.name };
    case 'conversation.unoffered':
      return { event: 'unoffered', name: event.agent.name, reason: event.reason };
    case 'conversation.queued': {
      // A transfer to a department already said where it went.
      if (event.reason === 'transferred') return null;
      const line: SystemEvent = {
        event: 'queued',
        reason: event.reason,
        department: departmentName(state, event.departmentId),
      };
      if (event.from) line.from = event.from.name;
      return line;
    }
    case 'conversation.transferred': {
      const to = event.to.kind === 'agent' ? event.to.agent.name : event.to.name;
      const line: SystemEvent = { event: 'transferred', by: event.by.name, to };
      if (event.note) line.note = event.note;
      return line;
    }
    case 'conversation.joined':
      return { event: 'joined', name: event.agent.name };
    case 'conversation.deferred':
      return { event: 'deferred' };
    case 'conversation.cut_off':
      return { event: 'cut_off' };
    case 'conversation.wrapped': {
      const disposition = dispositionLabel(state.quality.dispositions, event.dispositionId);
      const line: SystemEvent = { event: 'wrapped', disposition, resolved: event.resolved };
      if (event.note) line.note = event.note;
      return line;
    }
    case 'survey.submitted': {
      const line: Extract<SystemEvent, { event: 'surveyed' }> = { event: 'surveyed' };
      if (event.csat !== undefined) line.csat = event.csat;
      if (event.ces !== undefined) line.ces = event.ces;
      if (event.comment !== undefined) line.comment = event.comment;
      return line;
    }
    default:
      return null;
  }
}

const pendingNoteKind = (mode: ComposeMode | undefined): 'note' | 'whisper' | null =>
  mode === 'note' || mode === 'whisper' ? mode : null;

/**
 * The log of one conversation as lines to show: its events (messages, notes, system lines), then
 * the agent's pending replies and notes that the log does not hold yet (matched by clientId, so
 * nothing is shown twice).
 * @example threadItems(state, state.selectedId)
 */
export function threadItems(state: ConsoleState, conversationId: string): ThreadItem[] {
  const thread = state.threads[conversationId];
  const me = state.agent;
  const items: ThreadItem[] = [];
  const echoed = new Set<string>();
  // The user id before each `visitor.updated`, to tell an identification from a change of details.
  let userId: string | undefined;
  for (const event of thread?.events ?? []) {
    const key = `e${event.seq}`;
    if (event.type === 'conversation.created') userId = event.visitor.userId;
    if (event.type === 'visitor.updated') {
      const { visitor } = event;
      const identified = visitor.userId !== undefined && visitor.userId !== userId;
      userId = visitor.userId;
      items.push(
        identified
          ? { kind: 'system', key, at: event.at, event: 'identified', name: visitor.name }
          : { kind: 'system', key, at: event.at, event: 'visitor_updated' },
      );
      continue;
    }
    if (event.type === 'message.created') {
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
    } else if (event.type === 'note.created') {
      echoed.add(event.clientId);
      items.push({
        kind: 'note',
        key: `m${event.clientId}`,
        noteKind: event.kind,
        authorName: event.author.name,
        mine: event.author.id === me?.id,
        text: event.text,
        at: event.at,
      });
    } else {
      const line = systemEvent(state, event);
      if (line) items.push({ kind: 'system', key, at: event.at, ...line });
      if (event.type === 'conversation.cut_off') {
        const callback = callbackForConversation(state, conversationId);
        if (callback) {
          items.push({
            kind: 'system',
            key: `${key}-callback`,
            at: callback.createdAt,
            event: 'callback',
            reference: callback.reference,
          });
        }
      }
    }
  }
  for (const pending of state.outbox) {
    if (pending.conversationId !== conversationId || echoed.has(pending.clientId)) continue;
    const noteKind = pendingNoteKind(pending.mode);
    const at = pending.at ?? pending.createdAt;
    const common = {
      key: `m${pending.clientId}`,
      authorName: me?.name ?? '',
      mine: true,
      text: pending.text,
      at,
      pending: pending.status,
    };
    items.push(
      noteKind
        ? { kind: 'note', noteKind, ...common }
        : { kind: 'message', role: 'agent', ...common },
    );
  }
  return items;
}

/** The newest callback made from a conversation (the one-click callback after a cut-off), if any. */
export function callbackForConversation(
  state: ConsoleState,
  conversationId: string,
): Callback | undefined {
  let found: Callback | undefined;
  for (const callback of Object.values(state.callbacks)) {
    if (callback.conversationId !== conversationId) continue;
    if (!found || callback.createdAt > found.createdAt) found = callback;
  }
  return found;
}

/**
 * The number to offer a one-click callback to: the phone of the conversation's latest
 * `conversation.cut_off`, while no callback has been made from it. Null otherwise.
 * @example cutOffPhone(state, 'c_1') // '+4930123456'
 */
export function cutOffPhone(state: ConsoleState, conversationId: string): string | null {
  const events = state.threads[conversationId]?.events ?? [];
  let phone: string | null = null;
  for (const event of events) {
    if (event.type === 'conversation.cut_off') phone = event.phone ?? null;
  }
  if (!phone || callbackForConversation(state, conversationId)) return null;
  return phone;
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

/**
 * The help article the visitor was reading when they started the conversation (from its
 * `conversation.created`), once the log is loaded; null when there was none.
 * @example readingArticle(state, 'c_1') // { id: 'returns', title: 'Returning an order' }
 */
export function readingArticle(
  state: ConsoleState,
  conversationId: string,
): { id: string; title: string } | null {
  const first = state.threads[conversationId]?.events[0];
  return first?.type === 'conversation.created' && first.article ? first.article : null;
}
