import {
  type ChatAck,
  type ConversationEvent,
  type ConversationSummary,
  LIMITS,
} from '@switchboard/shared';
import {
  type AgentConversationCommand,
  agentRole,
  conversationForAgent,
} from '../core/permissions.js';
import type { CoreState } from '../core/types.js';
import type { ConversationStore } from '../store/types.js';

/** The reads of the conversation log the read side makes. */
export type ConversationReads = Pick<
  ConversationStore,
  'readEvents' | 'getConversation' | 'latestConversationOf' | 'recentClosed' | 'findClientId'
>;

/** The core state a conversation read looks at: the open conversations. */
export type OpenConversations = Pick<CoreState, 'open' | 'openByVisitor'>;

/** One batch of a conversation's events; `more` when the log goes on after the last one. */
export interface EventBatch {
  events: ConversationEvent[];
  more: boolean;
}

/** Closed conversations an agent's welcome lists after the open ones. */
export const RECENT_CLOSED_LIMIT = 50;

/**
 * Reads of conversations: the open ones as the core has them now, the rest from the store. Call
 * them inside `engine.read` when what is read must match what is joined afterwards.
 * @example const queries = createConversationQueries(store)
 */
export function createConversationQueries(store: ConversationReads) {
  /** The open conversation from the core, else the store's copy (a closed one), else null. */
  async function byId(
    state: Pick<CoreState, 'open'>,
    conversationId: string,
  ): Promise<ConversationSummary | null> {
    return state.open.get(conversationId) ?? (await store.getConversation(conversationId));
  }

  /**
   * A conversation's events with `seq > afterSeq`, at most one sync batch (`LIMITS.syncBatch`).
   * @example const { events, more } = await conversations.eventsAfter('cnv_1', 0)
   */
  async function eventsAfter(
    conversationId: string,
    afterSeq: number,
    limit: number = LIMITS.syncBatch,
  ): Promise<EventBatch> {
    const events = await store.readEvents(conversationId, afterSeq, limit + 1);
    return { events: events.slice(0, limit), more: events.length > limit };
  }

  /**
   * The visitor's open conversation (the core's copy), else their latest closed one, or null.
   * @example await conversations.currentOf(state, 'vis_1')
   */
  async function currentOf(
    state: OpenConversations,
    visitorId: string,
  ): Promise<ConversationSummary | null> {
    const openId = state.openByVisitor.get(visitorId);
    return (openId && state.open.get(openId)) || (await store.latestConversationOf(visitorId));
  }

  return {
    eventsAfter,
    currentOf,
    byId,

    /**
     * A conversation of this visitor on this site, or null: someone else's and a missing one get
     * the same answer.
     * @example await conversations.ofVisitor(state, { id: 'vis_1', siteId: 'demo' }, 'cnv_1')
     */
    async ofVisitor(
      state: Pick<CoreState, 'open'>,
      visitor: { id: string; siteId: string },
      conversationId: string,
    ): Promise<ConversationSummary | null> {
      const summary = await byId(state, conversationId);
      if (!summary || summary.visitor.id !== visitor.id || summary.siteId !== visitor.siteId) {
        return null;
      }
      return summary;
    },

    /**
     * The conversation this agent may act on with `command` (the open one, else the store's closed
     * copy), or the permission table's refusal as an error frame.
     * @example const found = await conversations.forAgent(state, 'conversation.open', 'agt_1', 'cnv_1')
     */
    async forAgent(
      state: Pick<CoreState, 'open' | 'agents'>,
      command: AgentConversationCommand,
      agentId: string,
      conversationId: string,
    ) {
      const open = state.open.get(conversationId);
      const stored = open ? undefined : await store.getConversation(conversationId);
      return conversationForAgent(command, agentRole(state.agents, agentId), open, stored);
    },

    /**
     * An agent's inbox: the open conversations (latest change first), then the recently closed.
     * @example (await conversations.inbox(state)).length
     */
    async inbox(
      state: Pick<CoreState, 'open'>,
      closedLimit = RECENT_CLOSED_LIMIT,
    ): Promise<ConversationSummary[]> {
      const open = [...state.open.values()].sort((a, b) => b.updatedAt - a.updatedAt);
      const closed = await store.recentClosed(closedLimit);
      return [...open, ...closed];
    },

    /**
     * What a visitor resuming sees: their current conversation and its events after `resume`'s
     * seq when it names that conversation, else from the start. Null summary: none yet.
     * @example await conversations.resume(state, 'vis_1', { conversationId: 'cnv_1', afterSeq: 4 })
     */
    async resume(
      state: OpenConversations,
      visitorId: string,
      resume?: { conversationId: string; afterSeq: number },
    ): Promise<{ summary: ConversationSummary; backlog: EventBatch } | null> {
      const summary = await currentOf(state, visitorId);
      if (!summary) return null;
      const afterSeq = resume?.conversationId === summary.id ? resume.afterSeq : 0;
      return { summary, backlog: await eventsAfter(summary.id, afterSeq) };
    },

    /**
     * The ack of a message already stored under this sender's clientId (`visitor:<id>` or
     * `agent:<id>`), or null.
     * @example await conversations.sentMessage('visitor:vis_1', 'c_1')
     */
    sentMessage(actor: string, clientId: string): Promise<ChatAck | null> {
      return store.findClientId(actor, clientId);
    },
  };
}

/** The conversation reads, as `createConversationQueries` makes them. */
export type ConversationQueries = ReturnType<typeof createConversationQueries>;
