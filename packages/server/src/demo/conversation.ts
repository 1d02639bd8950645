import type { ConversationEvent } from '@switchboard/shared';
import type { RoutingAgent } from '../auth/agents.js';
import type { Topic } from './scripts.js';

/** What building a demo conversation needs: the shared random stream and the demo's setup. */
export interface ChatSetup {
  random: () => number;
  pick: <T>(list: readonly T[]) => T;
  /** The agents of a department (all enabled agents when it has none). */
  staff: (departmentId: string) => RoutingAgent[];
  /** The configured disposition ids. */
  dispositions: ReadonlySet<string>;
  timeZone: string;
}

/** One generated conversation. */
export interface DemoConversation {
  id: string;
  /** Its whole log, seqs from 1, times in whole ms. */
  events: ConversationEvent[];
  /** The agent who closed it; null when the visitor gave up waiting. */
  agent: RoutingAgent | null;
  /** When the agent closed it (its `conversation.closed` time); null when abandoned. */
  closedAt: number | null;
  /** The visitor answered the survey. */
  surveyed: boolean;
}

/** A log being written: the clock and the append. */
interface Log {
  id: string;
  events: ConversationEvent[];
  t: number;
  push: (event: Record<string, unknown>) => void;
}

type Author = { role: 'visitor'; id: string; name: string };

/** `conversation.created` and the visitor's first message. */
function open(setup: ChatSetup, log: Log, visitorId: string, topic: Topic): Author {
  const visitor = { id: visitorId, name: `Visitor ${visitorId.slice(-4)}` };
  const department = topic.departmentId;
  log.push({
    type: 'conversation.created',
    visitor,
    context: { url: 'https://demo.example/shop', locale: 'en', timeZone: setup.timeZone },
    routing: {
      departmentId: department,
      skills: department === 'tech' ? ['tech'] : [],
      priority: 0,
    },
    topic: topic.id,
  });
  const author = { role: 'visitor' as const, id: visitorId, name: visitor.name };
  log.push({
    type: 'message.created',
    id: `${log.id}_m0`,
    clientId: `${log.id}_c0`,
    author,
    text: setup.pick(topic.visitor.slice(0, 4)),
  });
  return author;
}

/** The exchange after the assignment; a few go to a colleague halfway. Returns the last agent. */
function exchange(
  setup: ChatSetup,
  log: Log,
  topic: Topic,
  author: Author,
  assigned: RoutingAgent,
): RoutingAgent {
  const { random, pick, staff } = setup;
  let agent = assigned;
  const messages = 2 + Math.floor(random() * 7);
  for (let i = 1; i < messages; i++) {
    log.t += 20_000 + random() * 70_000;
    const fromAgent = i % 2 === 1;
    const who = fromAgent ? { role: 'agent' as const, id: agent.id, name: agent.name } : author;
    log.push({
      type: 'message.created',
      id: `${log.id}_m${i}`,
      clientId: `${log.id}_c${i}`,
      author: who,
      text: fromAgent ? pick(topic.agent) : pick(topic.visitor),
    });
    if (i === 2 && random() < 0.06) {
      const other = staff(topic.departmentId).find((a) => a.id !== agent.id);
      if (other) {
        log.push({
          type: 'conversation.transferred',
          by: { id: agent.id, name: agent.name },
          to: { kind: 'agent', agent: { id: other.id, name: other.name } },
        });
        log.t += 5_000;
        log.push({ type: 'conversation.assigned', agent: { id: other.id, name: other.name } });
        agent = other;
      }
    }
  }
  return agent;
}

/** The agent ends the chat and wraps it up; about a third answer the survey. */
function close(
  setup: ChatSetup,
  log: Log,
  topic: Topic,
  agent: RoutingAgent,
): { closedAt: number; surveyed: boolean } {
  const { random, dispositions } = setup;
  log.t += 30_000 + random() * 60_000;
  log.push({
    type: 'conversation.closed',
    by: { role: 'agent', id: agent.id, name: agent.name },
    reason: 'ended',
  });
  // Whole ms, the closing event's own time (QA reviews are dated from it).
  const closedAt = Math.round(log.t);
  log.t += 10_000 + random() * 80_000;
  const resolved = random() < 0.78;
  const dispositionId =
    topic.dispositions.find((d) => dispositions.has(d) && random() < 0.7) ??
    [...dispositions][0] ??
    'other';
  log.push({
    type: 'conversation.wrapped',
    by: { id: agent.id, name: agent.name },
    dispositionId,
    resolved,
  });
  if (random() >= 0.35) return { closedAt, surveyed: false };
  log.t += 30_000 + random() * 240_000;
  const roll = random();
  const csat = roll < 0.55 ? 5 : roll < 0.82 ? 4 : roll < 0.9 ? 3 : roll < 0.95 ? 2 : 1;
  const cesRoll = random();
  const ces = cesRoll < 0.45 ? 7 : cesRoll < 0.75 ? 6 : cesRoll < 0.88 ? 5 : cesRoll < 0.95 ? 4 : 2;
  log.push({ type: 'survey.submitted', csat, ...(random() < 0.8 ? { ces } : {}) });
  return { closedAt, surveyed: true };
}

/**
 * One demo chat from `at`: the visitor writes, waits (mostly briefly; about 6.5% give up), an
 * agent of the topic's department answers, a few transfer, the agent closes and wraps it up,
 * some visitors answer the survey. Draws from `setup.random` in a fixed order.
 * @example buildConversation(setup, 'c_demo1_00001', at, 'v_demo_1', TOPICS[0]).events[0].type // 'conversation.created'
 */
export function buildConversation(
  setup: ChatSetup,
  id: string,
  at: number,
  visitorId: string,
  topic: Topic,
): DemoConversation {
  const { random, pick, staff } = setup;
  const events: ConversationEvent[] = [];
  const log: Log = {
    id,
    events,
    t: at,
    push: (event) => {
      events.push({ ...event, seq: events.length + 1, at: Math.round(log.t) } as ConversationEvent);
    },
  };
  const author = open(setup, log, visitorId, topic);
  // Waits: mostly short, a tail over the 20 s target.
  const waitMs = Math.round(-Math.log(1 - random()) * 11_000) + 1500;
  if (random() < 0.065) {
    const waited = 20_000 + Math.round(random() * 100_000);
    log.t += waited;
    log.push({ type: 'conversation.closed', by: author, reason: 'abandoned', waitMs: waited });
    return { id, events, agent: null, closedAt: null, surveyed: false };
  }
  const assigned = pick(staff(topic.departmentId));
  log.t += waitMs;
  log.push({ type: 'conversation.assigned', agent: { id: assigned.id, name: assigned.name } });
  const agent = exchange(setup, log, topic, author, assigned);
  const { closedAt, surveyed } = close(setup, log, topic, agent);
  return { id, events, agent, closedAt, surveyed };
}
