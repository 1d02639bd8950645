import type {
  AgentProfile,
  AgentStatus,
  AgentWelcome,
  Callback,
  CannedResponse,
  ConversationEvent,
  ConversationSummary,
  Department,
  MessageCreated,
  QueueStatus,
} from '@switchboard/shared';

export const T0 = Date.UTC(2025, 2, 4, 13, 0, 0);

export const AGENT: AgentProfile = {
  id: 'a_grace',
  name: 'Grace Hopper',
  email: 'grace@example.com',
  role: 'agent',
};

export const UA_CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

export function summary(overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id: 'c_1',
    siteId: 'fernhill',
    status: 'waiting',
    visitor: { id: 'v_1', name: 'Ada Lovelace' },
    context: {
      url: 'https://shop.example.com/boots/trail-runner?size=42',
      title: 'Trail Runner boots',
      userAgent: UA_CHROME_MAC,
      locale: 'en-GB',
      timeZone: 'Europe/London',
    },
    agent: null,
    createdAt: T0,
    updatedAt: T0 + 1000,
    lastSeq: 2,
    preview: { text: 'Do these run large?', role: 'visitor', at: T0 + 1000 },
    ...overrides,
  };
}

export function created(seq = 1, at = T0): ConversationEvent {
  const s = summary();
  return { type: 'conversation.created', seq, at, visitor: s.visitor, context: s.context };
}

export function visitorMessage(seq: number, text: string, at = T0 + seq * 1000): MessageCreated {
  return {
    type: 'message.created',
    seq,
    at,
    id: `m_${seq}`,
    clientId: `v-client-${seq}`,
    author: { role: 'visitor', id: 'v_1', name: 'Ada Lovelace' },
    text,
  };
}

export function agentMessage(
  seq: number,
  text: string,
  clientId: string,
  at = T0 + seq * 1000,
): MessageCreated {
  return {
    type: 'message.created',
    seq,
    at,
    id: `m_${seq}`,
    clientId,
    author: { role: 'agent', id: AGENT.id, name: AGENT.name },
    text,
  };
}

export function welcome(conversations: ConversationSummary[] = [summary()]): AgentWelcome {
  return { type: 'agent.welcome', agent: AGENT, conversations };
}

export const SUPERVISOR: AgentProfile = {
  id: 'a_maya',
  name: 'Maya Chen',
  email: 'maya@example.com',
  role: 'supervisor',
};

export const DEPARTMENTS: Department[] = [
  {
    id: 'orders',
    name: 'Orders',
    skills: [],
    agentIds: ['a_grace', 'a_sam'],
    timeZone: 'Europe/London',
    hours: [],
    holidays: [],
    strategy: 'longest-idle',
    offerTimeoutSec: 30,
    autoAccept: false,
  },
  {
    id: 'tech',
    name: 'Technical support',
    skills: ['tech'],
    agentIds: ['a_sam'],
    timeZone: 'America/New_York',
    hours: [{ day: 1, open: '09:00', close: '17:00' }],
    holidays: [],
    strategy: 'least-busy',
    offerTimeoutSec: 20,
    autoAccept: false,
  },
];

export function agentStatus(overrides: Partial<AgentStatus> & { id: string }): AgentStatus {
  return {
    name: overrides.id,
    role: 'agent',
    presence: 'online',
    connected: true,
    load: 0,
    capacity: 3,
    skills: [],
    departmentIds: ['orders'],
    ...overrides,
  };
}

/** Grace (me, 2 of 3), Sam (away), Lin (online, full), Maya (supervisor, free). */
export const AGENTS: AgentStatus[] = [
  agentStatus({ id: 'a_grace', name: 'Grace Hopper', load: 2 }),
  agentStatus({
    id: 'a_sam',
    name: 'Sam Lee',
    presence: 'away',
    departmentIds: ['orders', 'tech'],
  }),
  agentStatus({ id: 'a_lin', name: 'Lin Park', load: 3 }),
  agentStatus({ id: 'a_maya', name: 'Maya Chen', role: 'supervisor', load: 1, capacity: 5 }),
];

export const QUEUES: QueueStatus[] = [
  {
    departmentId: 'orders',
    name: 'Orders',
    open: true,
    waiting: ['c_1'],
    longestWaitMs: 125_000,
    agentsOnline: 3,
    averageHandleSec: 250,
  },
  {
    departmentId: 'tech',
    name: 'Technical support',
    open: false,
    waiting: [],
    longestWaitMs: 0,
    agentsOnline: 0,
    averageHandleSec: 0,
  },
];

export const CANNED: CannedResponse[] = [
  { id: 'k_refund', shortcut: 'refund', title: 'Refund policy', text: 'Refunds take 5 days.' },
  {
    id: 'k_refund_partial',
    shortcut: 'refund-partial',
    title: 'Partial refund',
    text: 'We can refund part of the order.',
  },
  { id: 'k_ship', shortcut: 'shipping', title: 'Shipping times', text: 'We ship in 2 days.' },
];

/** A welcome with routing: departments, canned responses and a snapshot. */
export function routingWelcome(
  conversations: ConversationSummary[] = [summary()],
  overrides: Partial<AgentWelcome> = {},
): AgentWelcome {
  return {
    ...welcome(conversations),
    presence: 'online',
    departments: DEPARTMENTS,
    canned: CANNED,
    routing: { agents: AGENTS, queues: QUEUES },
    ...overrides,
  };
}

/** A scheduled callback in Orders, as soon as possible, due at T0; override what a test needs. */
export function callback(overrides: Partial<Callback> = {}): Callback {
  return {
    id: 'cb_1',
    reference: 'CB-7K3Q',
    siteId: 'fernhill',
    visitor: { id: 'v_1', name: 'Ada Lovelace' },
    name: 'Ada Lovelace',
    phone: '+4930123456',
    departmentId: 'orders',
    window: null,
    status: 'scheduled',
    dueAt: T0,
    attempts: [],
    claimedBy: null,
    consent: 'We may call you about this request.',
    createdAt: T0 - 3600_000,
    updatedAt: T0 - 3600_000,
    ...overrides,
  };
}
