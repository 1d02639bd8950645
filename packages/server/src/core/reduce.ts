import {
  applyEvent,
  type ChatAck,
  type ConversationEvent,
  type ConversationSummary,
  type ErrorFrame,
  errorFrame,
} from '@switchboard/shared';
import type {
  Actor,
  AgentMessage,
  CloseConversation,
  Command,
  CoreContext,
  CoreState,
  Effect,
  Reduction,
  Typing,
  VisitorMessage,
} from './types.js';

/**
 * The state with no open conversation.
 * @example let state = emptyState()
 */
export function emptyState(): CoreState {
  return { open: new Map(), openByVisitor: new Map() };
}

/**
 * The state holding these open conversations (as loaded from the store at start-up).
 * @example const state = stateFromConversations(await store.loadOpenConversations())
 */
export function stateFromConversations(summaries: Iterable<ConversationSummary>): CoreState {
  const open = new Map<string, ConversationSummary>();
  const openByVisitor = new Map<string, string>();
  for (const summary of summaries) {
    if (summary.status === 'closed') continue;
    open.set(summary.id, summary);
    openByVisitor.set(summary.visitor.id, summary.id);
  }
  return { open, openByVisitor };
}

/**
 * The key a sender's clientIds are kept under: `visitor:<id>` or `agent:<id>`.
 * @example actorKey({ role: 'agent', id: 'agt_1', name: 'Maya' }) // 'agent:agt_1'
 */
export function actorKey(actor: Pick<Actor, 'role' | 'id'>): string {
  return `${actor.role}:${actor.id}`;
}

/** What the executor must read from the store before reducing `command`. */
export interface NeededLookups {
  /** Look for a stored message with this sender's clientId. */
  clientId?: { actor: string; clientId: string };
  /** Read this conversation's stored summary: it is named but not open. */
  conversationId?: string;
}

/**
 * The store reads `command` needs, so `reduce` can stay pure.
 * @example const needed = lookupsFor(state, command)
 */
export function lookupsFor(state: CoreState, command: Command): NeededLookups {
  const needed: NeededLookups = {};
  if (command.type === 'visitor.message' || command.type === 'agent.message') {
    const actor = command.type === 'visitor.message' ? command.visitor : command.agent;
    needed.clientId = { actor: actorKey(actor), clientId: command.clientId };
  }
  if (command.conversationId !== undefined && !state.open.has(command.conversationId)) {
    needed.conversationId = command.conversationId;
  }
  return needed;
}

/**
 * Apply one command: returns the next state and the effects to run, in order (persist first).
 * Pure: the clock and ids come from `ctx`, store facts from the command's lookups.
 * @example const { state: next, effects } = reduce(state, command, { now: Date.now(), newId })
 */
export function reduce(state: CoreState, command: Command, ctx: CoreContext): Reduction {
  switch (command.type) {
    case 'visitor.message':
      return visitorMessage(state, command, ctx);
    case 'agent.message':
      return agentMessage(state, command, ctx);
    case 'conversation.close':
      return close(state, command, ctx);
    case 'typing':
      return typing(state, command);
  }
}

type Found = { ok: true; conversation: ConversationSummary } | { ok: false; error: ErrorFrame };

/** The open conversation `id`, if `actor` may act on it; else the error to answer with. */
function findOpen(
  state: CoreState,
  id: string,
  actor: Actor,
  stored: ConversationSummary | null | undefined,
): Found {
  const mine = (s: ConversationSummary) =>
    actor.role === 'agent' || (s.visitor.id === actor.id && s.siteId === actor.siteId);
  const open = state.open.get(id);
  if (open && mine(open)) return { ok: true, conversation: open };
  // Someone else's conversation and a missing one get the same answer.
  if (!open && stored && stored.status === 'closed' && mine(stored)) {
    return { ok: false, error: errorFrame('CONVERSATION_CLOSED') };
  }
  return { ok: false, error: errorFrame('NOT_FOUND') };
}

const refuse = (state: CoreState, error: ErrorFrame): Reduction => ({
  state,
  effects: [{ type: 'reply', frame: error }],
});

const replay = (state: CoreState, ack: ChatAck): Reduction => ({
  state,
  effects: [{ type: 'reply', frame: ack }],
});

function visitorMessage(state: CoreState, command: VisitorMessage, ctx: CoreContext): Reduction {
  if (command.duplicate) return replay(state, command.duplicate);
  const { visitor } = command;
  let conversation: ConversationSummary | null = null;
  if (command.conversationId !== undefined) {
    const found = findOpen(state, command.conversationId, visitor, command.stored);
    if (!found.ok) return refuse(state, found.error);
    conversation = found.conversation;
  } else {
    const openId = state.openByVisitor.get(visitor.id);
    conversation = (openId && state.open.get(openId)) || null;
  }

  const events: ConversationEvent[] = [];
  const conversationId = conversation?.id ?? ctx.newId('cnv');
  let seq = conversation?.lastSeq ?? 0;
  if (!conversation) {
    events.push({
      type: 'conversation.created',
      seq: ++seq,
      at: ctx.now,
      visitor: { id: visitor.id, name: visitor.name },
      context: command.context,
    });
  }
  const messageId = ctx.newId('msg');
  events.push({
    type: 'message.created',
    seq: ++seq,
    at: ctx.now,
    id: messageId,
    clientId: command.clientId,
    author: { role: 'visitor', id: visitor.id, name: visitor.name },
    text: command.text,
  });
  return commit(state, conversation, conversationId, visitor.siteId, events, {
    actor: actorKey(visitor),
    clientId: command.clientId,
  });
}

function agentMessage(state: CoreState, command: AgentMessage, ctx: CoreContext): Reduction {
  if (command.duplicate) return replay(state, command.duplicate);
  const found = findOpen(state, command.conversationId, command.agent, command.stored);
  if (!found.ok) return refuse(state, found.error);
  const { conversation } = found;
  const { agent } = command;
  const events: ConversationEvent[] = [];
  let seq = conversation.lastSeq;
  if (conversation.status === 'waiting') {
    events.push({
      type: 'conversation.assigned',
      seq: ++seq,
      at: ctx.now,
      agent: { id: agent.id, name: agent.name },
    });
  }
  events.push({
    type: 'message.created',
    seq: ++seq,
    at: ctx.now,
    id: ctx.newId('msg'),
    clientId: command.clientId,
    author: { role: 'agent', id: agent.id, name: agent.name },
    text: command.text,
  });
  return commit(state, conversation, conversation.id, conversation.siteId, events, {
    actor: actorKey(agent),
    clientId: command.clientId,
  });
}

function close(state: CoreState, command: CloseConversation, ctx: CoreContext): Reduction {
  const found = findOpen(state, command.conversationId, command.by, command.stored);
  if (!found.ok) return refuse(state, found.error);
  const { conversation } = found;
  const { by } = command;
  return commit(state, conversation, conversation.id, conversation.siteId, [
    {
      type: 'conversation.closed',
      seq: conversation.lastSeq + 1,
      at: ctx.now,
      by: { role: by.role, id: by.id, name: by.name },
    },
  ]);
}

function typing(state: CoreState, command: Typing): Reduction {
  const found = findOpen(state, command.conversationId, command.by, command.stored);
  if (!found.ok) return refuse(state, found.error);
  const { conversation } = found;
  const { by } = command;
  return {
    state,
    effects: [
      {
        type: 'send',
        to:
          by.role === 'visitor'
            ? { kind: 'followers', conversationId: conversation.id }
            : { kind: 'visitor', visitorId: conversation.visitor.id },
        frame: {
          type: 'typing',
          conversationId: conversation.id,
          role: by.role,
          name: by.name,
          typing: command.typing,
        },
      },
      { type: 'reply', frame: { type: 'ok' } },
    ],
  };
}

/**
 * New events for one conversation: the next state, then persist, push each event to the visitor
 * and to agents following it, update every inbox, and answer (the ack of the message, or `ok`).
 */
function commit(
  state: CoreState,
  before: ConversationSummary | null,
  conversationId: string,
  siteId: string,
  events: ConversationEvent[],
  sender?: { actor: string; clientId: string },
): Reduction {
  let summary = before;
  for (const event of events) summary = applyEvent(summary, event, siteId, conversationId);
  if (!summary) throw new Error(`conversation ${conversationId} has no created event`);

  const open = new Map(state.open);
  const openByVisitor = new Map(state.openByVisitor);
  if (summary.status === 'closed') {
    open.delete(conversationId);
    if (openByVisitor.get(summary.visitor.id) === conversationId) {
      openByVisitor.delete(summary.visitor.id);
    }
  } else {
    open.set(conversationId, summary);
    openByVisitor.set(summary.visitor.id, conversationId);
  }

  const message = events.find((e) => e.type === 'message.created');
  const effects: Effect[] = [
    {
      type: 'persist',
      conversation: summary,
      events,
      ...(sender && message
        ? {
            clientId: {
              ...sender,
              conversationId,
              messageId: message.id,
              seq: message.seq,
              at: message.at,
            },
          }
        : {}),
    },
  ];
  for (const event of events) {
    const frame = { type: 'conversation.event', conversationId, event } as const;
    effects.push({ type: 'send', to: { kind: 'visitor', visitorId: summary.visitor.id }, frame });
    effects.push({ type: 'send', to: { kind: 'followers', conversationId }, frame });
  }
  effects.push({
    type: 'send',
    to: { kind: 'agents' },
    frame: { type: 'inbox.upsert', conversation: summary },
  });
  effects.push({
    type: 'reply',
    frame:
      sender && message
        ? {
            type: 'chat.ack',
            clientId: sender.clientId,
            conversationId,
            messageId: message.id,
            seq: message.seq,
            at: message.at,
          }
        : { type: 'ok' },
  });
  return { state: { open, openByVisitor }, effects };
}
