import { AgentToServer, type ConversationSummary } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import {
  AGENT_CONVERSATION_COMMANDS,
  type AgentConversationCommand,
  agentMay,
  conversationForAgent,
  relationOf,
} from '../../src/core/permissions.js';
import { lookupsFor, reduce } from '../../src/core/reduce.js';
import { callbackSettings } from '../../src/core/slots.js';
import { createState } from '../../src/core/state.js';
import type { AgentActor, Command, CoreState, Effect, VisitorActor } from '../../src/core/types.js';
import { department } from './routing-fixtures.js';

// Who may do what on a conversation, command x role x relation, through the real reducer. The
// expected table is written out by hand here (not read from the module it checks).

type Role = 'agent' | 'supervisor';
const RELATIONS = [
  'owner',
  'offered',
  'waiting',
  'member',
  'other',
  'handled',
  'closed',
  'missing',
] as const;
type Relation = (typeof RELATIONS)[number];

/** One character per relation, in RELATIONS order: `+` allowed, else the refusal's code. */
const CODES = {
  '+': null,
  F: 'FORBIDDEN',
  C: 'CONVERSATION_CLOSED',
  O: 'CONVERSATION_OPEN',
  N: 'NOT_OFFERED',
  '?': 'NOT_FOUND',
} as const;
type Cell = keyof typeof CODES;

//                                  owner offered waiting member other handled closed missing
const EXPECTED: Record<Role, Record<AgentConversationCommand, string>> = {
  agent: {
    'conversation.open': '+++++++?',
    'conversation.sync': '+++++++?',
    'chat.send': '++++FCC?',
    'chat.typing': '++++FCC?',
    'conversation.close': '++++FCC?',
    'offer.accept': 'N+NNNNNN',
    'offer.decline': 'N+NNNNNN',
    'conversation.assign': '+++FFCC?',
    'conversation.assign:other': 'FFFFFFFF',
    'conversation.transfer': '++F+FCC?',
    'conversation.join': 'FFFFFFFF',
    'note.send': '+++++CC?',
    'note.send:whisper': 'FFFFFFFF',
    'callback.create': '++++F+F?',
    'conversation.wrapup': 'OOOOO+F?',
    'qa.review.save': 'FFFFFFFF',
    'qa.reviews.get': '+++++++?',
  },
  supervisor: {
    'conversation.open': '+++++++?',
    'conversation.sync': '+++++++?',
    'chat.send': '+++++CC?',
    'chat.typing': '+++++CC?',
    'conversation.close': '+++++CC?',
    'offer.accept': 'N+NNNNNN',
    'offer.decline': 'N+NNNNNN',
    'conversation.assign': '+++++CC?',
    'conversation.assign:other': '+++++CC?',
    'conversation.transfer': '+++++CC?',
    'conversation.join': '+++++CC?',
    'note.send': '+++++CC?',
    'note.send:whisper': '+++++CC?',
    'callback.create': '+++++++?',
    'conversation.wrapup': 'OOOOO++?',
    'qa.review.save': 'OOOOO++?',
    'qa.reviews.get': '+++++++?',
  },
};

// The actor under test is `xan`; `ann` is another agent, who owns the chats that are not Xan's.
const xan: AgentActor = { role: 'agent', id: 'xan', name: 'Xan' };
const ann: AgentActor = { role: 'agent', id: 'ann', name: 'Ann' };
const visitor: VisitorActor = { role: 'visitor', id: 'vis_1', name: 'Visitor 1', siteId: 'demo' };
const NOW = 1_000_000;

/** The commands the core handles, as Xan sends them (the rest are answered by the transport). */
const COMMANDS: Partial<Record<AgentConversationCommand, (id: string) => Command>> = {
  'chat.send': (id) => ({
    type: 'agent.message',
    agent: xan,
    conversationId: id,
    clientId: 'x1',
    text: 'Hi',
  }),
  'chat.typing': (id) => ({ type: 'typing', by: xan, conversationId: id, typing: true }),
  'conversation.close': (id) => ({ type: 'conversation.close', by: xan, conversationId: id }),
  'offer.accept': (id) => ({ type: 'offer.accept', agent: xan, conversationId: id }),
  'offer.decline': (id) => ({ type: 'offer.decline', agent: xan, conversationId: id }),
  'conversation.assign': (id) => ({
    type: 'conversation.assign',
    agent: xan,
    conversationId: id,
    agentId: 'xan',
  }),
  'conversation.assign:other': (id) => ({
    type: 'conversation.assign',
    agent: xan,
    conversationId: id,
    agentId: 'ann',
  }),
  'conversation.transfer': (id) => ({
    type: 'conversation.transfer',
    agent: xan,
    conversationId: id,
    to: { kind: 'department', departmentId: 'orders' },
  }),
  'conversation.join': (id) => ({ type: 'conversation.join', agent: xan, conversationId: id }),
  'note.send': (id) => ({
    type: 'note.send',
    agent: xan,
    conversationId: id,
    clientId: 'n1',
    kind: 'note',
    text: 'for the team',
  }),
  'note.send:whisper': (id) => ({
    type: 'note.send',
    agent: xan,
    conversationId: id,
    clientId: 'w1',
    kind: 'whisper',
    text: 'psst',
  }),
  'callback.create': (id) => ({ type: 'callback.create', agent: xan, conversationId: id }),
  'conversation.wrapup': (id) => ({
    type: 'conversation.wrapup',
    agent: xan,
    conversationId: id,
    dispositionId: 'billing',
    resolved: true,
  }),
};

/**
 * A relay where the visitor's conversation is in `relation` to Xan, who then gets `role`. Xan is
 * a supervisor while it is set up (to join), like someone whose role changed since. `orders`
 * routes to nobody (its chats wait), `mine` only to Xan (its chats are offered to him).
 */
function setup(relation: Relation, role: Role) {
  let state: CoreState = createState({
    agents: [
      { id: 'ann', name: 'Ann', role: 'agent', capacity: 5 },
      { id: 'xan', name: 'Xan', role: 'supervisor', capacity: 5 },
    ],
    departments: [department('orders'), department('mine', { agentIds: ['xan'] })],
    sites: [
      {
        id: 'demo',
        defaultDepartmentId: 'orders',
        waitThresholdSec: 240,
        topics: [],
        alternatives: [],
        callback: callbackSettings('We may call you.'),
      },
    ],
    now: NOW,
  });
  let counter = 0;
  const stored = new Map<string, ConversationSummary>();
  const run = (command: Command) => {
    const needed = lookupsFor(state, command);
    const withLookups =
      needed.conversationId !== undefined
        ? { ...command, stored: stored.get(needed.conversationId) ?? null }
        : command;
    const result = reduce(state, withLookups, { now: NOW, newId: (p) => `${p}_${++counter}` });
    for (const effect of result.effects) {
      if (effect.type === 'persist') stored.set(effect.conversation.id, effect.conversation);
    }
    state = result.state;
    return result;
  };
  const reply = (command: Command) =>
    run(command).effects.find((e) => e.type === 'reply')?.frame as { type: string };
  run({ type: 'agent.connect', agent: ann });
  run({ type: 'agent.connect', agent: xan });
  run({ type: 'visitor.connect', visitorId: visitor.id });
  const ack = reply({
    type: 'visitor.message',
    visitor,
    clientId: 'v1',
    text: 'Hello',
    context: {},
    departmentId: relation === 'offered' ? 'mine' : 'orders',
    prechat: { phone: '+4930123456' },
  }) as { type: string; conversationId?: string };
  const id = relation === 'missing' ? 'cnv_missing' : ack.conversationId!;
  const say = (by: AgentActor) =>
    reply({ type: 'agent.message', agent: by, conversationId: id, clientId: 's1', text: 'Hi' });
  const steps: Record<Relation, Array<() => unknown>> = {
    owner: [() => say(xan)],
    offered: [],
    waiting: [],
    member: [
      () => say(ann),
      () => reply({ type: 'conversation.join', agent: xan, conversationId: id }),
    ],
    other: [() => say(ann)],
    handled: [
      () => say(xan),
      () => reply({ type: 'conversation.close', by: xan, conversationId: id }),
    ],
    closed: [
      () => say(ann),
      () => reply({ type: 'conversation.close', by: ann, conversationId: id }),
    ],
    missing: [],
  };
  for (const step of steps[relation]) expect(step()).not.toMatchObject({ type: 'error' });
  const routing = state.agents.get('xan')!;
  state = { ...state, agents: new Map(state.agents).set('xan', { ...routing, role }) };
  return {
    id,
    get state() {
      return state;
    },
    run,
    /** The conversation as the core or the store has it. */
    conversation: () => state.open.get(id) ?? stored.get(id),
  };
}

const cases = (['agent', 'supervisor'] as const).flatMap((role) =>
  AGENT_CONVERSATION_COMMANDS.flatMap((command) =>
    RELATIONS.map((relation, i) => {
      const cell = EXPECTED[role][command][i] as Cell;
      return { role, command, relation, code: CODES[cell] };
    }),
  ),
);

describe('who may do what on a conversation', () => {
  it('the table names every agent frame that carries a conversationId', () => {
    type Member = {
      _zod: { def: { shape: Record<string, { _zod: { def: { values?: string[] } } }> } };
    };
    const members = (AgentToServer as unknown as { _zod: { def: { options: Member[] } } })._zod.def
      .options;
    const withConversation = members
      .filter((m) => 'conversationId' in m._zod.def.shape)
      .map((m) => m._zod.def.shape.type!._zod.def.values![0]!);
    const named = new Set(AGENT_CONVERSATION_COMMANDS.map((c) => c.split(':')[0]));
    expect(withConversation.length).toBeGreaterThan(10);
    for (const type of withConversation) expect(named, type).toContain(type);
    for (const type of named) expect(withConversation, type).toContain(type);
  });

  it('the setups put the conversation in the relation they name', () => {
    for (const relation of RELATIONS) {
      if (relation === 'missing') continue;
      const world = setup(relation, 'agent');
      expect(relationOf('xan', world.conversation()!)).toBe(relation);
    }
  });

  it.each(cases)('$role, $command, $relation: $code', ({ role, command, relation, code }) => {
    const world = setup(relation, role);
    const make = COMMANDS[command];
    if (!make) {
      // Answered by the transport (reads, QA reviews), through the same check.
      const conversation = world.conversation();
      const found = conversationForAgent(
        command,
        { id: 'xan', role },
        world.state.open.get(world.id),
        conversation?.status === 'closed' ? conversation : null,
      );
      expect(found.ok ? null : found.error.code).toBe(code);
      if (conversation) {
        expect(agentMay(command, { id: 'xan', role }, conversation)?.code ?? null).toBe(code);
      }
      return;
    }
    const before = world.state;
    const { effects, state } = world.run(make(world.id));
    const reply = effects.find((e) => e.type === 'reply')?.frame as {
      type: string;
      code?: string;
    };
    if (code === null) {
      expect(reply.type, JSON.stringify(reply)).not.toBe('error');
      return;
    }
    expect(reply).toMatchObject({ type: 'error', code });
    // A refusal changes nothing and tells nobody: not the visitor, not the other agents.
    expect(effects).toEqual([expect.objectContaining({ type: 'reply' }) as Effect]);
    expect(state).toBe(before);
  });

  it('an agent closing or typing in a colleague’s live chat reaches neither the visitor nor the log', () => {
    const world = setup('other', 'agent');
    for (const command of [
      COMMANDS['conversation.close']!(world.id),
      COMMANDS['chat.typing']!(world.id),
    ]) {
      const { effects } = world.run(command);
      expect(effects.filter((e) => e.type === 'send' || e.type === 'persist')).toEqual([]);
    }
    expect(world.conversation()).toMatchObject({ status: 'active', agent: { id: 'ann' } });
  });
});
