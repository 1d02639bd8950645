import type {
  AgentProfile,
  AgentWelcome,
  ConversationEvent,
  ConversationSummary,
  MessageCreated,
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
