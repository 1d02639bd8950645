// One conversation's log read once into the facts the KPIs, the forecast and the exports count.
import type { ConversationEvent } from '@switchboard/shared';

/** One conversation's whole log (agents' copy: wrap-ups, offers... included), oldest event first. */
export interface ConversationLog {
  id: string;
  siteId: string;
  visitorId: string;
  events: ConversationEvent[];
}

/** What the KPIs need of one conversation, read once from its log. */
export interface ContactFacts {
  id: string;
  siteId: string;
  visitorId: string;
  createdAt: number;
  /** The department it was routed to at creation (`conversation.created` routing). */
  departmentId: string | undefined;
  /** The agent who answered it (first assignment). */
  agent: { id: string; name: string } | undefined;
  /** First assignment, or null when never answered. */
  answeredAt: number | null;
  /** Left a message before an agent answered: out of ASA and service level, never abandoned. */
  deferred: boolean;
  firstAgentMessageAt: number | null;
  closedAt: number | null;
  /** Closed `abandoned` and never answered. */
  abandoned: boolean;
  /** How long an abandoned contact waited, ms. */
  abandonWaitMs: number | null;
  /** The latest wrap-up. */
  wrapUp: { at: number; resolved: boolean; dispositionId: string } | null;
  /** (first assignment → close) + (close → latest wrap-up, when after close); null unless answered and closed. */
  handleMs: number | null;
  /** Latest CSAT and CES answers. */
  csat: number | undefined;
  ces: number | undefined;
  /** What FCR compares: the pre-chat topic, else the latest disposition. */
  topic: string | undefined;
}

/**
 * The facts of one conversation, or null when its log does not start with `conversation.created`.
 * @example contactFacts(log)?.handleMs
 */
export function contactFacts(log: ConversationLog): ContactFacts | null {
  const first = log.events[0];
  if (first?.type !== 'conversation.created') return null;
  const facts: ContactFacts = {
    id: log.id,
    siteId: log.siteId,
    visitorId: log.visitorId,
    createdAt: first.at,
    departmentId: first.routing?.departmentId,
    agent: undefined,
    answeredAt: null,
    deferred: false,
    firstAgentMessageAt: null,
    closedAt: null,
    abandoned: false,
    abandonWaitMs: null,
    wrapUp: null,
    handleMs: null,
    csat: undefined,
    ces: undefined,
    topic: first.topic,
  };
  let abandonedClose = false;
  for (const event of log.events) {
    switch (event.type) {
      case 'conversation.assigned':
        if (facts.answeredAt === null) {
          facts.answeredAt = event.at;
          facts.agent = { id: event.agent.id, name: event.agent.name };
        }
        break;
      case 'conversation.deferred':
        if (facts.answeredAt === null) facts.deferred = true;
        break;
      case 'message.created':
        if (event.author.role === 'agent' && facts.firstAgentMessageAt === null) {
          facts.firstAgentMessageAt = event.at;
        }
        break;
      case 'conversation.closed':
        if (facts.closedAt === null) {
          facts.closedAt = event.at;
          if (event.reason === 'abandoned') {
            abandonedClose = true;
            facts.abandonWaitMs = event.waitMs ?? Math.max(0, event.at - first.at);
          }
        }
        break;
      case 'conversation.wrapped':
        facts.wrapUp = {
          at: event.at,
          resolved: event.resolved,
          dispositionId: event.dispositionId,
        };
        break;
      case 'survey.submitted':
        if (event.csat !== undefined) facts.csat = event.csat;
        if (event.ces !== undefined) facts.ces = event.ces;
        break;
    }
  }
  facts.abandoned = abandonedClose && facts.answeredAt === null && !facts.deferred;
  if (!facts.abandoned) facts.abandonWaitMs = null;
  if (facts.answeredAt !== null && facts.closedAt !== null) {
    const afterWork =
      facts.wrapUp && facts.wrapUp.at > facts.closedAt ? facts.wrapUp.at - facts.closedAt : 0;
    facts.handleMs = Math.max(0, facts.closedAt - facts.answeredAt) + afterWork;
  }
  facts.topic ??= facts.wrapUp?.dispositionId;
  return facts;
}
