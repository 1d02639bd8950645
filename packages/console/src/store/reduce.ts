import {
  applyEvent,
  type Callback,
  type ConversationEvent,
  type ConversationSummary,
  type Presence,
  type ServerToAgent,
} from '@switchboard/shared';
import { reduceQuality } from './quality.js';
import {
  type ConnectionStatus,
  type ConsoleState,
  createInitialState,
  EMPTY_THREAD,
  type Notice,
  type PendingMessage,
  type Thread,
} from './state.js';

/** How long a typing indicator lasts without a refresh, per the protocol. @default 6000 */
export const TYPING_TTL_MS = 6_000;

/** Everything that changes the console's state. Frames arrive already decoded. */
export type ConsoleAction =
  | { type: 'frame'; frame: ServerToAgent; now: number }
  | { type: 'connection'; status: ConnectionStatus }
  | { type: 'presence'; presence: Presence }
  | { type: 'select'; conversationId: string | null }
  | { type: 'outbox.add'; message: PendingMessage }
  | { type: 'outbox.status'; clientId: string; status: PendingMessage['status'] }
  | { type: 'typing.expire'; now: number }
  | { type: 'notice'; notice: Notice | null }
  | { type: 'reset'; lastRead?: Record<string, number> };

/**
 * Fold events into a thread, each exactly once and in seq order: an event at or below `lastSeq`
 * is a repeat and ignored; one past `lastSeq + 1` means something was missed, so the thread is
 * marked `gap` (the client asks `conversation.sync`) and nothing after the hole is applied. Pure.
 * @example applyThreadEvents(EMPTY_THREAD, welcome.events)
 */
export function applyThreadEvents(thread: Thread, events: readonly ConversationEvent[]): Thread {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  let lastSeq = thread.lastSeq;
  let gap = false;
  const added: ConversationEvent[] = [];
  for (const event of sorted) {
    if (event.seq <= lastSeq) continue;
    if (event.seq !== lastSeq + 1) {
      gap = true;
      break;
    }
    added.push(event);
    lastSeq = event.seq;
  }
  if (added.length === 0 && gap === thread.gap) return thread;
  return { ...thread, events: [...thread.events, ...added], lastSeq, gap };
}

/** Keep the newer of two summaries of one conversation (pushes can cross on the wire). */
function newerSummary(
  current: ConversationSummary | undefined,
  incoming: ConversationSummary,
): ConversationSummary {
  if (current && current.lastSeq > incoming.lastSeq) return current;
  return incoming;
}

/** Keep the newer of two copies of one callback (by `updatedAt`; a tie takes the incoming one). */
function newerCallback(current: Callback | undefined, incoming: Callback): Callback {
  if (current && current.updatedAt > incoming.updatedAt) return current;
  return incoming;
}

/** Drop pending replies and notes the log now holds (matched by clientId), so none is shown twice. */
function settleOutbox(outbox: PendingMessage[], thread: Thread): PendingMessage[] {
  if (outbox.length === 0) return outbox;
  const echoed = new Set<string>();
  for (const event of thread.events) {
    if (event.type === 'message.created' || event.type === 'note.created') {
      echoed.add(event.clientId);
    }
  }
  const next = outbox.filter((m) => !echoed.has(m.clientId));
  return next.length === outbox.length ? outbox : next;
}

function withThreadEvents(
  state: ConsoleState,
  conversationId: string,
  events: readonly ConversationEvent[],
  loaded: boolean,
): ConsoleState {
  const before = state.threads[conversationId] ?? EMPTY_THREAD;
  let thread = applyThreadEvents(before, events);
  if (loaded && !thread.loaded) thread = { ...thread, loaded: true };
  if (thread === before) return state;
  let typing = state.typing;
  // A message from the visitor ends their typing indicator at once.
  const visitorSpoke = events.some(
    (e) => e.type === 'message.created' && e.author.role === 'visitor',
  );
  if (visitorSpoke && typing[conversationId]) {
    typing = { ...typing };
    delete typing[conversationId];
  }
  return {
    ...state,
    threads: { ...state.threads, [conversationId]: thread },
    outbox: settleOutbox(state.outbox, thread),
    typing,
  };
}

function reduceFrame(state: ConsoleState, frame: ServerToAgent, now: number): ConsoleState {
  switch (frame.type) {
    case 'agent.welcome': {
      const inbox: Record<string, ConversationSummary> = {};
      for (const summary of frame.conversations) {
        inbox[summary.id] = newerSummary(state.inbox[summary.id], summary);
      }
      const next: ConsoleState = { ...state, agent: frame.agent, inbox };
      if (frame.presence) next.presence = frame.presence;
      if (frame.departments) next.departments = frame.departments;
      if (frame.canned) next.canned = frame.canned;
      if (frame.sites) next.sites = frame.sites;
      if (frame.routing) {
        next.routing = frame.routing;
        next.routingAt = now;
      }
      if (frame.wallboard) next.wallboard = frame.wallboard;
      if (frame.callbacks) {
        const callbacks: Record<string, Callback> = {};
        for (const callback of frame.callbacks) {
          callbacks[callback.id] = newerCallback(state.callbacks[callback.id], callback);
        }
        next.callbacks = callbacks;
      }
      return next;
    }
    case 'inbox.upsert': {
      const { conversation } = frame;
      const current = state.inbox[conversation.id];
      const next = newerSummary(current, conversation);
      if (next === current) return state;
      return { ...state, inbox: { ...state.inbox, [conversation.id]: next } };
    }
    case 'conversation.events': {
      const { conversation } = frame;
      const withEvents = withThreadEvents(state, conversation.id, frame.events, true);
      // An old closed conversation opened from the customer's history is shown, not listed.
      if (!withEvents.inbox[conversation.id] && conversation.status === 'closed') {
        return {
          ...withEvents,
          archive: {
            ...withEvents.archive,
            [conversation.id]: newerSummary(withEvents.archive[conversation.id], conversation),
          },
        };
      }
      return {
        ...withEvents,
        inbox: {
          ...withEvents.inbox,
          [conversation.id]: newerSummary(withEvents.inbox[conversation.id], conversation),
        },
      };
    }
    case 'conversation.event': {
      const { conversationId, event } = frame;
      let next = state;
      if (state.threads[conversationId]) {
        next = withThreadEvents(state, conversationId, [event], false);
      }
      // Keep the inbox line current too, when the event follows on from what it shows.
      const summary = next.inbox[conversationId];
      if (summary && event.seq === summary.lastSeq + 1) {
        const folded = applyEvent(summary, event, summary.siteId, conversationId);
        if (folded) next = { ...next, inbox: { ...next.inbox, [conversationId]: folded } };
      }
      return next;
    }
    case 'typing': {
      if (frame.role !== 'visitor') return state;
      const typing = { ...state.typing };
      if (frame.typing)
        typing[frame.conversationId] = { name: frame.name, until: now + TYPING_TTL_MS };
      else if (typing[frame.conversationId]) delete typing[frame.conversationId];
      else return state;
      return { ...state, typing };
    }
    case 'chat.ack': {
      const index = state.outbox.findIndex((m) => m.clientId === frame.clientId);
      const pending = state.outbox[index];
      if (!pending) return state;
      const outbox = [...state.outbox];
      outbox[index] = { ...pending, status: 'sent', seq: frame.seq, at: frame.at };
      const thread = state.threads[frame.conversationId];
      return { ...state, outbox: thread ? settleOutbox(outbox, thread) : outbox };
    }
    case 'routing.snapshot':
      return {
        ...state,
        routing: { agents: frame.agents, queues: frame.queues },
        routingAt: now,
      };
    case 'departments.changed':
      return { ...state, departments: frame.departments };
    case 'canned.changed':
      return { ...state, canned: frame.canned };
    case 'sites.changed':
      return { ...state, sites: frame.sites };
    case 'customer.conversations': {
      const next = {
        ...state,
        history: { ...state.history, [frame.visitorId]: frame.conversations },
      };
      if (frame.callbacks) {
        next.historyCallbacks = { ...state.historyCallbacks, [frame.visitorId]: frame.callbacks };
      }
      return next;
    }
    case 'callback.upsert': {
      const { callback } = frame;
      const current = state.callbacks[callback.id];
      const next = newerCallback(current, callback);
      if (next === current) return state;
      return { ...state, callbacks: { ...state.callbacks, [callback.id]: next } };
    }
    case 'webhooks.deliveries':
      return { ...state, webhooks: frame.deliveries };
    case 'articles.list':
      return { ...state, articles: frame.articles };
    case 'faq.metrics':
      return { ...state, faqMetrics: frame.metrics };
    case 'wallboard.update':
      return { ...state, wallboard: frame.data };
    case 'kpi.report':
      return { ...state, kpiReport: frame };
    case 'forecast':
      return { ...state, forecast: frame };
    // Folded by the quality slice (see `withQuality`).
    case 'qa.reviews':
      return state;
    // The preview belongs to the editor that asked for it (see AgentClient.renderArticle).
    case 'article.preview':
    case 'ok':
    case 'error':
      return state;
  }
}

/** Wrap-up codes, the QA scorecard and QA reviews live in their own slice (`store/quality.ts`). */
function withQuality(state: ConsoleState, frame: ServerToAgent): ConsoleState {
  const quality = reduceQuality(state.quality, frame);
  return quality === state.quality ? state : { ...state, quality };
}

/** While a conversation is on screen, everything in it counts as read. */
function markSelectedRead(state: ConsoleState): ConsoleState {
  const id = state.selectedId;
  if (!id) return state;
  const seen = Math.max(state.inbox[id]?.lastSeq ?? 0, state.threads[id]?.lastSeq ?? 0);
  if ((state.lastRead[id] ?? 0) >= seen) return state;
  return { ...state, lastRead: { ...state.lastRead, [id]: seen } };
}

/**
 * The console's one reducer: (state, action) -> state, with no I/O, so the whole of what an agent
 * sees can be tested by feeding it frames.
 * @example state = reduce(state, { type: 'frame', frame: welcome, now: Date.now() })
 */
export function reduce(state: ConsoleState, action: ConsoleAction): ConsoleState {
  switch (action.type) {
    case 'frame':
      return markSelectedRead(
        withQuality(reduceFrame(state, action.frame, action.now), action.frame),
      );
    case 'connection':
      return state.connection === action.status ? state : { ...state, connection: action.status };
    case 'presence':
      return state.presence === action.presence ? state : { ...state, presence: action.presence };
    case 'select':
      if (state.selectedId === action.conversationId) return state;
      return markSelectedRead({ ...state, selectedId: action.conversationId, notice: null });
    case 'outbox.add':
      return { ...state, outbox: [...state.outbox, action.message], notice: null };
    case 'outbox.status': {
      const outbox = state.outbox.map((m) =>
        m.clientId === action.clientId && m.status !== 'sent' ? { ...m, status: action.status } : m,
      );
      return { ...state, outbox };
    }
    case 'typing.expire': {
      const entries = Object.entries(state.typing);
      const kept = entries.filter(([, t]) => t.until > action.now);
      if (kept.length === entries.length) return state;
      return { ...state, typing: Object.fromEntries(kept) };
    }
    case 'notice':
      return { ...state, notice: action.notice };
    case 'reset':
      return createInitialState({ lastRead: action.lastRead ?? {} });
  }
}
