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
];

export const agentToServer: AgentToServer[] = [
  { type: 'agent.hello' },
  { type: 'conversation.open', conversationId: 'c_1', afterSeq: 0 },
  { type: 'chat.send', conversationId: 'c_1', clientId: 'k3', text: 'Hi, I can help.' },
  { type: 'chat.typing', conversationId: 'c_1', typing: false },
  { type: 'conversation.sync', conversationId: 'c_1', afterSeq: 3 },
  { type: 'conversation.close', conversationId: 'c_1' },
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
  ...(common as unknown as ServerToVisitor[]),
];

export const serverToAgent: ServerToAgent[] = [
  {
    type: 'agent.welcome',
    agent: { id: 'a_1', name: 'Maya Chen', email: 'agent@example.com', role: 'agent' },
    conversations: [summary],
  },
  { type: 'inbox.upsert', conversation: summary },
  ...(common as unknown as ServerToAgent[]),
];
