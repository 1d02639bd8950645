import type { ConversationSummary } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { emptyState, lookupsFor, reduce, stateFromConversations } from '../../src/core/reduce.js';
import type {
  AgentActor,
  Command,
  CoreContext,
  CoreState,
  Effect,
  VisitorActor,
} from '../../src/core/types.js';

const visitor: VisitorActor = {
  role: 'visitor',
  id: 'vis_1',
  name: 'Visitor 4821',
  siteId: 'demo',
};
const other: VisitorActor = { role: 'visitor', id: 'vis_2', name: 'Visitor 0007', siteId: 'demo' };
const agent: AgentActor = { role: 'agent', id: 'agt_1', name: 'Maya Chen' };

/** A context with a fixed clock and predictable ids: cnv_1, msg_1, msg_2... */
function context(now = 1_000): CoreContext {
  const counters: Record<string, number> = {};
  return {
    now,
    newId: (prefix) => {
      counters[prefix] = (counters[prefix] ?? 0) + 1;
      return `${prefix}_${counters[prefix]}`;
    },
  };
}

const send = (clientId: string, extra: Partial<Command> = {}): Command =>
  ({
    type: 'visitor.message',
    visitor,
    clientId,
    text: `hello ${clientId}`,
    context: { url: 'https://shop.example/tents', locale: 'en-GB' },
    ...extra,
  }) as Command;

/** Run commands in order from `state`, each with its own clock tick. */
function run(commands: Command[], state: CoreState = emptyState()) {
  let effects: Effect[] = [];
  commands.forEach((command, i) => {
    ({ state, effects } = reduce(state, command, context(1_000 + i)));
  });
  return { state, effects };
}

const types = (effects: Effect[]) => effects.map((e) => e.type);
const reply = (effects: Effect[]) => effects.find((e) => e.type === 'reply')?.frame;
const persisted = (effects: Effect[]) =>
  effects.flatMap((e) => (e.type === 'persist' ? e.events.map((ev) => ev.type) : []));

describe('reduce', () => {
  const cases: Array<{
    name: string;
    setup: Command[];
    command: Command;
    events: string[];
    reply: Record<string, unknown>;
    status?: string;
  }> = [
    {
      name: 'a first message creates a conversation, then the message',
      setup: [],
      command: send('c1'),
      events: ['conversation.created', 'message.created'],
      reply: { type: 'chat.ack', clientId: 'c1', conversationId: 'cnv_1', seq: 2 },
      status: 'waiting',
    },
    {
      name: 'a second message goes into the open conversation',
      setup: [send('c1')],
      command: send('c2'),
      events: ['message.created'],
      reply: { type: 'chat.ack', clientId: 'c2', conversationId: 'cnv_1', seq: 3 },
      status: 'waiting',
    },
    {
      name: 'an agent reply to a waiting conversation assigns it first',
      setup: [send('c1')],
      command: {
        type: 'agent.message',
        agent,
        conversationId: 'cnv_1',
        clientId: 'a1',
        text: 'Hi!',
      },
      events: ['conversation.assigned', 'message.created'],
      reply: { type: 'chat.ack', clientId: 'a1', seq: 4 },
      status: 'active',
    },
    {
      name: 'a second agent reply does not assign again',
      setup: [
        send('c1'),
        { type: 'agent.message', agent, conversationId: 'cnv_1', clientId: 'a1', text: 'Hi!' },
      ],
      command: {
        type: 'agent.message',
        agent,
        conversationId: 'cnv_1',
        clientId: 'a2',
        text: 'Yes',
      },
      events: ['message.created'],
      reply: { type: 'chat.ack', clientId: 'a2', seq: 5 },
      status: 'active',
    },
    {
      name: 'the visitor can close their conversation',
      setup: [send('c1')],
      command: { type: 'conversation.close', by: visitor, conversationId: 'cnv_1' },
      events: ['conversation.closed'],
      reply: { type: 'ok' },
      status: 'closed',
    },
    {
      name: 'an agent can close a conversation',
      setup: [send('c1')],
      command: { type: 'conversation.close', by: agent, conversationId: 'cnv_1' },
      events: ['conversation.closed'],
      reply: { type: 'ok' },
      status: 'closed',
    },
    {
      name: 'a message naming a closed conversation is refused',
      setup: [send('c1'), { type: 'conversation.close', by: agent, conversationId: 'cnv_1' }],
      command: send('c2', {
        conversationId: 'cnv_1',
        stored: { id: 'cnv_1', siteId: 'demo', status: 'closed', visitor } as never,
      }),
      events: [],
      reply: { type: 'error', code: 'CONVERSATION_CLOSED' },
    },
    {
      name: 'an agent message to a closed conversation is refused',
      setup: [send('c1'), { type: 'conversation.close', by: visitor, conversationId: 'cnv_1' }],
      command: {
        type: 'agent.message',
        agent,
        conversationId: 'cnv_1',
        clientId: 'a1',
        text: 'Hello?',
        stored: { id: 'cnv_1', siteId: 'demo', status: 'closed', visitor } as never,
      },
      events: [],
      reply: { type: 'error', code: 'CONVERSATION_CLOSED' },
    },
    {
      name: "another visitor's conversation is not found",
      setup: [send('c1')],
      command: { ...send('x1'), visitor: other, conversationId: 'cnv_1' } as Command,
      events: [],
      reply: { type: 'error', code: 'NOT_FOUND' },
    },
    {
      name: 'closing an unknown conversation is not found',
      setup: [],
      command: { type: 'conversation.close', by: agent, conversationId: 'cnv_9', stored: null },
      events: [],
      reply: { type: 'error', code: 'NOT_FOUND' },
    },
    {
      name: 'a repeated clientId gets the original ack and changes nothing',
      setup: [send('c1')],
      command: send('c1', {
        duplicate: {
          type: 'chat.ack',
          clientId: 'c1',
          conversationId: 'cnv_1',
          messageId: 'msg_1',
          seq: 2,
          at: 1_000,
        },
      }),
      events: [],
      reply: { type: 'chat.ack', clientId: 'c1', messageId: 'msg_1', seq: 2, at: 1_000 },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const before = run(c.setup).state;
      const { state, effects } = reduce(before, c.command, context(5_000));
      expect(persisted(effects)).toEqual(c.events);
      expect(reply(effects)).toMatchObject(c.reply);
      if (c.events.length === 0) {
        expect(state).toBe(before);
        expect(types(effects)).toEqual(['reply']);
      } else {
        expect(types(effects)[0]).toBe('persist');
        expect(types(effects).at(-1)).toBe('reply');
      }
      if (c.status) {
        const persist = effects.find((e) => e.type === 'persist');
        expect(persist?.type === 'persist' && persist.conversation.status).toBe(c.status);
      }
    });
  }

  it('records the visitor, their context and contiguous seqs in the log', () => {
    const { effects } = run([send('c1')]);
    const persist = effects[0];
    expect(persist?.type).toBe('persist');
    if (persist?.type !== 'persist') return;
    expect(persist.events).toEqual([
      {
        type: 'conversation.created',
        seq: 1,
        at: 1_000,
        visitor: { id: 'vis_1', name: 'Visitor 4821' },
        context: { url: 'https://shop.example/tents', locale: 'en-GB' },
      },
      {
        type: 'message.created',
        seq: 2,
        at: 1_000,
        id: 'msg_1',
        clientId: 'c1',
        author: { role: 'visitor', id: 'vis_1', name: 'Visitor 4821' },
        text: 'hello c1',
      },
    ]);
    expect(persist.clientId).toEqual({
      actor: 'visitor:vis_1',
      clientId: 'c1',
      conversationId: 'cnv_1',
      messageId: 'msg_1',
      seq: 2,
      at: 1_000,
    });
    expect(persist.conversation).toMatchObject({
      id: 'cnv_1',
      status: 'waiting',
      lastSeq: 2,
      preview: { text: 'hello c1', role: 'visitor' },
    });
  });

  it('pushes each event to the visitor and to followers, and the summary to every inbox', () => {
    const { effects } = run([send('c1')]);
    const sends = effects.filter((e) => e.type === 'send');
    expect(sends.map((e) => e.type === 'send' && [e.to.kind, e.frame.type])).toEqual([
      ['visitor', 'conversation.event'],
      ['followers', 'conversation.event'],
      ['visitor', 'conversation.event'],
      ['followers', 'conversation.event'],
      ['agents', 'inbox.upsert'],
    ]);
  });

  it('closing removes the conversation from the open state; the next message starts a new one', () => {
    const { state } = run([
      send('c1'),
      { type: 'conversation.close', by: agent, conversationId: 'cnv_1' },
    ]);
    expect(state.open.size).toBe(0);
    expect(state.openByVisitor.has('vis_1')).toBe(false);
    const { effects } = reduce(state, send('c2'), { now: 9, newId: (p) => `${p}_new` });
    expect(persisted(effects)).toEqual(['conversation.created', 'message.created']);
    expect(reply(effects)).toMatchObject({ conversationId: 'cnv_new', seq: 2 });
  });

  it('typing is pushed to the other side and never persisted', () => {
    const { state } = run([send('c1')]);
    const fromVisitor = reduce(
      state,
      { type: 'typing', by: visitor, conversationId: 'cnv_1', typing: true },
      context(),
    );
    expect(fromVisitor.state).toBe(state);
    expect(fromVisitor.effects).toEqual([
      {
        type: 'send',
        to: { kind: 'followers', conversationId: 'cnv_1' },
        frame: {
          type: 'typing',
          conversationId: 'cnv_1',
          role: 'visitor',
          name: 'Visitor 4821',
          typing: true,
        },
      },
      { type: 'reply', frame: { type: 'ok' } },
    ]);
    const fromAgent = reduce(
      state,
      { type: 'typing', by: agent, conversationId: 'cnv_1', typing: false },
      context(),
    );
    expect(persisted(fromAgent.effects)).toEqual([]);
    expect(fromAgent.effects[0]).toMatchObject({
      to: { kind: 'visitor', visitorId: 'vis_1' },
      frame: { role: 'agent', name: 'Maya Chen', typing: false },
    });
  });

  it('asks for the lookups it needs, and only those', () => {
    const { state } = run([send('c1')]);
    expect(lookupsFor(state, send('c2'))).toEqual({
      clientId: { actor: 'visitor:vis_1', clientId: 'c2' },
    });
    expect(lookupsFor(state, send('c2', { conversationId: 'cnv_old' }))).toEqual({
      clientId: { actor: 'visitor:vis_1', clientId: 'c2' },
      conversationId: 'cnv_old',
    });
    expect(
      lookupsFor(state, { type: 'typing', by: agent, conversationId: 'cnv_1', typing: true }),
    ).toEqual({});
  });

  it('rebuilds the state from stored open conversations', () => {
    const { effects } = run([send('c1')]);
    const persist = effects[0];
    const summary = (persist?.type === 'persist' && persist.conversation) as ConversationSummary;
    const state = stateFromConversations([summary, { ...summary, id: 'cnv_x', status: 'closed' }]);
    expect([...state.open.keys()]).toEqual(['cnv_1']);
    expect(state.openByVisitor.get('vis_1')).toBe('cnv_1');
  });
});
