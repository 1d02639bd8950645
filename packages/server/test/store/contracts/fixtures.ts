import {
  type Article,
  applyEvent,
  type Callback,
  type CannedResponse,
  type ConversationEvent,
  type ConversationSummary,
  type Department,
  type QaReview,
  type SiteAppearance,
} from '@switchboard/shared';
import type {
  AgentRecord,
  AppendBatch,
  Store,
  VisitorRecord,
  WebhookDeliveryRecord,
} from '../../../src/store/types.js';

/** The one visitor of the log fixtures. */
export const visitor = { id: 'vis_1', name: 'Visitor 4821' };

export function created(at = 1_000): Extract<ConversationEvent, { type: 'conversation.created' }> {
  return { type: 'conversation.created', seq: 1, at, visitor, context: { locale: 'en' } };
}

export function message(seq: number, clientId: string, at = 1_000 + seq): ConversationEvent {
  return {
    type: 'message.created',
    seq,
    at,
    id: `msg_${seq}`,
    clientId,
    author: { role: 'visitor', ...visitor },
    text: `text ${seq}`,
  };
}

/** A batch for `events` on top of `before`, as the core would make it. */
export function batch(
  events: ConversationEvent[],
  before: ConversationSummary | null = null,
  id = 'cnv_1',
): AppendBatch {
  let summary = before;
  for (const event of events) summary = applyEvent(summary, event, 'demo', id);
  const last = events.at(-1)!;
  return {
    conversation: summary!,
    events,
    ...(last.type === 'message.created'
      ? {
          clientId: {
            actor: 'visitor:vis_1',
            clientId: last.clientId,
            conversationId: id,
            messageId: last.id,
            seq: last.seq,
            at: last.at,
          },
        }
      : {}),
  };
}

/**
 * How a contract suite gets stores of one implementation: `make` opens a new, empty store (the
 * case closes it); `reopen` gives a new handle on the data of a store the case closed, as a
 * restart of the process on the same database would.
 */
export interface StoreHarness {
  make(): Promise<Store>;
  reopen(closed: Store): Promise<Store>;
}

/** A callback as the core makes it. */
export function callbackOf(id: string, extra: Partial<Callback> = {}): Callback {
  return {
    id,
    reference: `CB-${id.slice(-4).toUpperCase().padStart(4, 'X')}`,
    siteId: 'demo',
    visitor: { id: 'vis_1', name: 'Visitor 4821' },
    name: 'Ada Lovelace',
    phone: '+493012345678',
    departmentId: 'orders',
    window: null,
    status: 'scheduled',
    dueAt: 5_000,
    attempts: [],
    claimedBy: null,
    consent: 'We may call you.',
    createdAt: 1_000,
    updatedAt: 1_000,
    ...extra,
  };
}

/** A pending webhook delivery. */
export function delivery(
  id: string,
  extra: Partial<WebhookDeliveryRecord> = {},
): WebhookDeliveryRecord {
  return {
    id,
    url: 'https://crm.example/hooks',
    event: 'callback.requested',
    body: '{"id":"evt"}',
    status: 'pending',
    attempts: 0,
    lastStatus: null,
    nextAttemptAt: 2_000,
    createdAt: 1_000,
    updatedAt: 1_000,
    ...extra,
  };
}

export function department(id: string, extra: Partial<Department> = {}): Department {
  return {
    id,
    name: id,
    skills: [],
    agentIds: [],
    timeZone: 'UTC',
    hours: [],
    holidays: [],
    strategy: 'longest-idle',
    offerTimeoutSec: 30,
    autoAccept: false,
    ...extra,
  };
}

export function canned(id: string, shortcut: string): CannedResponse {
  return { id, shortcut, title: `Title ${shortcut}`, text: `Text of ${shortcut}.` };
}

/** An agent as the config sync saves it (without presence). */
export function agentRecord(id: string, extra: Partial<AgentRecord> = {}): AgentRecord {
  return {
    id,
    email: `${id}@example.com`,
    name: `Agent ${id}`,
    role: 'agent',
    passwordHash: 'scrypt$1$1$1$a$b',
    disabled: false,
    createdAt: 1,
    ...extra,
  };
}

export function visitorRecord(id: string, extra: Partial<VisitorRecord> = {}): VisitorRecord {
  return { id, siteId: 'shop', name: `Visitor ${id}`, createdAt: 1, ...extra };
}

export function article(id: string, extra: Partial<Article> = {}): Article {
  return {
    id,
    title: `Title of ${id}`,
    body: 'Body',
    tags: ['a'],
    locale: 'en',
    published: true,
    source: 'console',
    updatedAt: 1_000,
    ...extra,
  };
}

export function appearance(siteId: string, extra: Partial<SiteAppearance> = {}): SiteAppearance {
  return {
    siteId,
    name: `Site ${siteId}`,
    color: '#123456',
    theme: { position: 'left', offsetX: 0, offsetY: 8, mode: 'dark', sound: true },
    triggers: [],
    ...extra,
  };
}

export function qaReview(
  conversationId: string,
  reviewer: string,
  agent: string,
  at: number,
): QaReview {
  return {
    id: `qa_${reviewer}_${at}`,
    conversationId,
    agent: { id: agent, name: agent },
    reviewer: { id: reviewer, name: reviewer },
    scores: { accuracy: 4 },
    at,
  };
}

/** A conversation of `visitorId` created at `at` (one `conversation.created` event). */
export function opened(id: string, at: number, visitorId = 'vis_1', departmentId?: string) {
  const event: ConversationEvent = {
    type: 'conversation.created',
    seq: 1,
    at,
    visitor: { id: visitorId, name: 'V' },
    context: { locale: 'en' },
    ...(departmentId ? { routing: { departmentId, skills: [], priority: 0 } } : {}),
  };
  return batch([event], null, id);
}

/** The close of a conversation after `before`. */
export function closedAfter(before: AppendBatch, at: number): AppendBatch {
  const event: ConversationEvent = {
    type: 'conversation.closed',
    seq: before.conversation.lastSeq + 1,
    at,
    by: { role: 'agent', id: 'agt_1', name: 'Maya' },
  };
  return batch([event], before.conversation, before.conversation.id);
}
