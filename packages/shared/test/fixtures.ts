import type {
  AgentToServer,
  ConversationEvent,
  ConversationSummary,
  ServerToAgent,
  ServerToVisitor,
  VisitorToServer,
} from '../src/index.js';

/** A valid example of every frame, by direction. The coverage test keeps this list complete. */
export const summary: ConversationSummary = {
  id: 'c_1',
  siteId: 'demo',
  status: 'waiting',
  visitor: { id: 'v_1', name: 'Visitor 4821' },
  context: { url: 'https://shop.example/cart', title: 'Cart', userAgent: 'Mozilla/5.0' },
  agent: null,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_500,
  lastSeq: 2,
  preview: { text: 'Where is my order?', role: 'visitor', at: 1_700_000_000_500 },
};

const maya = { id: 'a_1', name: 'Maya Chen' };
const department = {
  id: 'orders',
  name: 'Orders',
  skills: [],
  agentIds: ['a_1'],
  timeZone: 'Europe/Berlin',
  hours: [{ day: 1, open: '09:00', close: '17:30' }],
  holidays: ['2026-12-25'],
  strategy: 'longest-idle' as const,
  offerTimeoutSec: 30,
  autoAccept: false,
};
const canned = {
  id: 'cr_1',
  shortcut: 'refund',
  title: 'Refund policy',
  text: 'Refunds take 5 days.',
};
const routing = {
  agents: [
    {
      id: 'a_1',
      name: 'Maya Chen',
      role: 'agent' as const,
      presence: 'online' as const,
      connected: true,
      load: 1,
      capacity: 3,
      skills: ['de'],
      departmentIds: ['orders'],
    },
  ],
  queues: [
    {
      departmentId: 'orders',
      name: 'Orders',
      open: true,
      waiting: ['c_2'],
      longestWaitMs: 12_000,
      agentsOnline: 1,
      averageHandleSec: 240,
    },
  ],
};

/** Agents-only and routing events, valid as they are logged. */
export const routingEvents: ConversationEvent[] = [
  {
    type: 'conversation.created',
    seq: 1,
    at: 1,
    visitor: { id: 'v_1', name: 'Ada', email: 'ada@example.com' },
    context: {},
    routing: { departmentId: 'orders', skills: ['de'], priority: 2 },
    topic: 'order',
  },
  { type: 'conversation.offered', seq: 2, at: 2, agent: maya, expiresAt: 32 },
  { type: 'conversation.unoffered', seq: 3, at: 3, agent: maya, reason: 'expired' },
  { type: 'conversation.assigned', seq: 4, at: 4, agent: maya, by: { id: 's_1', name: 'Sam' } },
  {
    type: 'conversation.transferred',
    seq: 5,
    at: 5,
    by: maya,
    to: { kind: 'department', departmentId: 'tech', name: 'Technical support' },
    note: 'Needs a firmware expert',
  },
  {
    type: 'conversation.queued',
    seq: 6,
    at: 6,
    departmentId: 'tech',
    reason: 'transferred',
    from: maya,
  },
  { type: 'conversation.joined', seq: 7, at: 7, agent: { id: 's_1', name: 'Sam' } },
  {
    type: 'note.created',
    seq: 8,
    at: 8,
    id: 'n_1',
    clientId: 'k9',
    author: { role: 'agent', id: 's_1', name: 'Sam' },
    kind: 'whisper',
    text: 'Offer the 10% voucher',
  },
  { type: 'conversation.deferred', seq: 9, at: 9 },
  { type: 'redacted', seq: 10, at: 10 },
  {
    type: 'conversation.closed',
    seq: 11,
    at: 11,
    by: { role: 'visitor', id: 'v_1', name: 'Ada' },
    reason: 'abandoned',
    waitMs: 10,
  },
];

export const events: ConversationEvent[] = [
  {
    type: 'conversation.created',
    seq: 1,
    at: 1_700_000_000_000,
    visitor: { id: 'v_1', name: 'Visitor 4821' },
    context: { url: 'https://shop.example/cart' },
  },
  {
    type: 'message.created',
    seq: 2,
    at: 1_700_000_000_500,
    id: 'm_1',
    clientId: '6f1c2a8e-0b6a-4d0e-9d1f-2f2b8f4a1c11',
    author: { role: 'visitor', id: 'v_1', name: 'Visitor 4821' },
    text: 'Where is my order?',
  },
  {
    type: 'conversation.assigned',
    seq: 3,
    at: 1_700_000_001_000,
    agent: { id: 'a_1', name: 'Maya Chen' },
  },
  {
    type: 'conversation.closed',
    seq: 4,
    at: 1_700_000_002_000,
    by: { role: 'agent', id: 'a_1', name: 'Maya Chen' },
  },
];

export const visitorToServer: VisitorToServer[] = [
  {
    type: 'session.hello',
    page: { url: 'https://shop.example/', title: 'Shop' },
    locale: 'en-GB',
    timeZone: 'Europe/London',
    resume: { conversationId: 'c_1', afterSeq: 2 },
  },
  { type: 'session.hello' },
  { type: 'chat.send', clientId: 'k1', text: 'Hello' },
  { type: 'chat.send', clientId: 'k2', text: 'Again', conversationId: 'c_1' },
  { type: 'chat.typing', conversationId: 'c_1', typing: true },
  { type: 'conversation.sync', conversationId: 'c_1', afterSeq: 0 },
  { type: 'conversation.close', conversationId: 'c_1' },
  { type: 'page.view', page: { url: 'https://shop.example/returns' } },
  {
    type: 'chat.send',
    clientId: 'k4',
    text: 'Hallo',
    prechat: { name: 'Ada', email: 'ada@example.com', topic: 'order' },
    departmentId: 'orders',
    priority: 3,
  },
  { type: 'conversation.defer', conversationId: 'c_1' },
];

export const agentToServer: AgentToServer[] = [
  { type: 'agent.hello' },
  { type: 'conversation.open', conversationId: 'c_1', afterSeq: 0 },
  { type: 'chat.send', conversationId: 'c_1', clientId: 'k3', text: 'Hi, I can help.' },
  { type: 'chat.typing', conversationId: 'c_1', typing: false },
  { type: 'conversation.sync', conversationId: 'c_1', afterSeq: 3 },
  { type: 'conversation.close', conversationId: 'c_1' },
  { type: 'presence.set', presence: 'away' },
  { type: 'offer.accept', conversationId: 'c_1' },
  { type: 'offer.decline', conversationId: 'c_1' },
  { type: 'conversation.assign', conversationId: 'c_1', agentId: 'a_2' },
  {
    type: 'conversation.transfer',
    conversationId: 'c_1',
    to: { kind: 'agent', agentId: 's_1' },
    note: 'Escalating: wants a manager',
  },
  {
    type: 'conversation.transfer',
    conversationId: 'c_1',
    to: { kind: 'department', departmentId: 'tech' },
  },
  { type: 'conversation.join', conversationId: 'c_1' },
  { type: 'note.send', conversationId: 'c_1', clientId: 'k5', kind: 'note', text: 'VIP' },
  { type: 'customer.history', visitorId: 'v_1' },
  { type: 'department.save', department },
  { type: 'canned.save', canned },
  { type: 'canned.delete', id: 'cr_1' },
];

const common = [
  {
    type: 'chat.ack',
    clientId: 'k1',
    conversationId: 'c_1',
    messageId: 'm_1',
    seq: 2,
    at: 1_700_000_000_500,
  },
  { type: 'conversation.event', conversationId: 'c_1', event: events[2] },
  { type: 'conversation.events', conversation: summary, events, more: false },
  { type: 'typing', conversationId: 'c_1', role: 'agent', name: 'Maya Chen', typing: true },
  { type: 'ok' },
  {
    type: 'error',
    code: 'BAD_FRAME',
    message: 'bad',
    details: [{ path: 'text', message: 'must not be empty' }],
  },
] as const;

export const serverToVisitor: ServerToVisitor[] = [
  {
    type: 'session.welcome',
    visitor: { id: 'v_1', name: 'Visitor 4821' },
    token: 'tok',
    site: { id: 'demo', name: 'Fernhill Outfitters', color: '#1f6f5c', greeting: 'Hi!' },
    conversation: { summary, events, more: false },
  },
  {
    type: 'session.welcome',
    visitor: { id: 'v_1', name: 'Visitor 4821' },
    token: 'tok',
    site: { id: 'demo', name: 'Fernhill Outfitters' },
    conversation: null,
  },
  {
    type: 'session.welcome',
    visitor: { id: 'v_1', name: 'Visitor 4821' },
    token: 'tok',
    site: {
      id: 'demo',
      name: 'Fernhill Outfitters',
      prechat: {
        fields: [
          { name: 'name', required: false },
          { name: 'topic', required: true },
        ],
        topics: [{ id: 'order', label: 'An order' }],
      },
    },
    conversation: null,
  },
  {
    type: 'queue.status',
    conversationId: 'c_1',
    position: 2,
    estimatedWaitSec: 90,
    departmentName: 'Orders',
    open: true,
    agentsOnline: 2,
    alternatives: [],
  },
  {
    type: 'queue.status',
    conversationId: 'c_1',
    position: null,
    estimatedWaitSec: null,
    departmentName: 'Orders',
    open: false,
    agentsOnline: 0,
    nextOpenAt: 1_700_000_000_000,
    alternatives: ['message', 'callback'],
  },
  ...(common as unknown as ServerToVisitor[]),
];

export const serverToAgent: ServerToAgent[] = [
  {
    type: 'agent.welcome',
    agent: { id: 'a_1', name: 'Maya Chen', email: 'agent@example.com', role: 'agent' },
    conversations: [summary],
  },
  {
    type: 'agent.welcome',
    agent: {
      id: 'a_1',
      name: 'Maya Chen',
      email: 'agent@example.com',
      role: 'agent',
      capacity: 3,
      skills: ['de'],
      departmentIds: ['orders'],
    },
    conversations: [],
    presence: 'online',
    departments: [department],
    canned: [canned],
    routing,
  },
  { type: 'inbox.upsert', conversation: summary },
  { type: 'routing.snapshot', ...routing },
  { type: 'departments.changed', departments: [department] },
  { type: 'canned.changed', canned: [canned] },
  { type: 'customer.conversations', visitorId: 'v_1', conversations: [summary] },
  ...(common as unknown as ServerToAgent[]),
];
