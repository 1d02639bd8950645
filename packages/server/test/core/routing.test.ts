import { describe, expect, it } from 'vitest';
import {
  alternativesFor,
  averageHandleSec,
  estimateWaitSec,
  queueStatusFor,
  routingSnapshot,
} from '../../src/core/estimate.js';
import { pickAgent } from '../../src/core/routing.js';
import { agentRouting } from '../../src/core/state.js';
import { nextDeadline } from '../../src/core/timers.js';
import { actor, department, visitorOf, world } from './routing-fixtures.js';

const agent = (id: string, idleSince: number, load = 0, capacity = 3) => ({
  ...agentRouting({ id, name: id, role: 'agent', capacity }, idleSince),
  assigned: Array.from({ length: load }, (_, i) => `c${i}`),
});

describe('pickAgent', () => {
  const a = agent('a', 300, 2, 4); // half busy, idle the shortest
  const b = agent('b', 100, 2, 2); // full ratio, idle the longest
  const c = agent('c', 200, 0, 1); // free, idle in between
  const ids = ['a', 'b', 'c'];
  const cases: Array<[string, Parameters<typeof pickAgent>, string]> = [
    ['longest-idle: smallest idleSince', ['longest-idle', [a, b, c], ids, undefined], 'b'],
    ['least-busy: smallest load / capacity', ['least-busy', [a, b, c], ids, undefined], 'c'],
    [
      'least-busy: a tie goes to the longest idle',
      ['least-busy', [agent('x', 50, 1, 2), agent('y', 10, 2, 4)], ['x', 'y'], undefined],
      'y',
    ],
    ['round-robin: no cursor starts at the first', ['round-robin', [a, b, c], ids, undefined], 'a'],
    ['round-robin: the next after the cursor', ['round-robin', [a, b, c], ids, 'a'], 'b'],
    ['round-robin: wraps around', ['round-robin', [a, b, c], ids, 'c'], 'a'],
    ['round-robin: skips the ineligible', ['round-robin', [a, c], ids, 'a'], 'c'],
  ];
  it.each(cases)('%s', (_name, args, expected) => {
    expect(pickAgent(...args).id).toBe(expected);
  });
});

describe('estimate', () => {
  const cases: Array<[string, Parameters<typeof estimateWaitSec>[0], number | null]> = [
    [
      'no agent online: no estimate',
      { position: 1, free: 0, capacity: 0, averageHandleSec: 300 },
      null,
    ],
    ['a free slot for them: 0', { position: 2, free: 2, capacity: 6, averageHandleSec: 300 }, 0],
    ['first past the free slots', { position: 3, free: 2, capacity: 6, averageHandleSec: 300 }, 50],
    ['all busy, fifth in line', { position: 5, free: 0, capacity: 4, averageHandleSec: 240 }, 300],
    ['rounds up', { position: 1, free: 0, capacity: 3, averageHandleSec: 100 }, 34],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(estimateWaitSec(input)).toBe(expected);
  });

  it('averages the recent handle times, or falls back', () => {
    expect(averageHandleSec([120_000, 240_000], 300)).toBe(180);
    expect(averageHandleSec([], 300)).toBe(300);
    expect(averageHandleSec(undefined, 120)).toBe(120);
  });

  it.each([
    [{ estimateSec: 60, thresholdSec: 240, open: true }, []],
    [{ estimateSec: 241, thresholdSec: 240, open: true }, ['message']],
    [{ estimateSec: null, thresholdSec: 240, open: true }, ['message']],
    [{ estimateSec: null, thresholdSec: 240, open: false }, ['message']],
  ] as const)('alternatives for %j: %j', (input, expected) => {
    expect(alternativesFor(input)).toEqual(expected);
  });
});

describe('routing in reduce', () => {
  const setup = (strategy: 'longest-idle' | 'least-busy' | 'round-robin', autoAccept = false) =>
    world({
      agents: [
        { id: 'maya', name: 'Maya', role: 'agent', capacity: 2 },
        { id: 'jonas', name: 'Jonas', role: 'agent', capacity: 1, skills: ['tech'] },
        { id: 'priya', name: 'Priya', role: 'supervisor', capacity: 3, skills: ['tech'] },
      ],
      departments: [
        department('orders', { agentIds: ['maya', 'jonas', 'priya'], strategy, autoAccept }),
        department('tech', {
          agentIds: ['jonas', 'priya'],
          skills: ['tech'],
          strategy,
          autoAccept,
        }),
      ],
      site: { priorityRules: [{ attribute: 'plan', equals: 'Trail Club', priority: 5 }] },
    });
  const member = (verified: boolean) => ({
    profile: {
      id: 'ignored',
      name: 'Member',
      userId: 'u-1',
      verified,
      attributes: { plan: 'Trail Club' },
    },
  });

  it('offers a new conversation to the longest-idle agent, reserving their slot', () => {
    const w = setup('longest-idle');
    w.connect('priya');
    w.advance(1000);
    w.connect('maya');
    w.advance(1000);
    const id = w.arrive(1);
    expect(w.holder(id)).toBe('priya?');
    expect(w.events()).toEqual(['conversation.created', 'message.created', 'conversation.offered']);
    expect(w.state.agents.get('priya')?.offers).toEqual([id]);
    expect(w.state.open.get(id)?.offer?.expiresAt).toBe(w.now + 30_000);
    // Priya was just offered one: the next goes to Maya, idle longer now.
    expect(w.holder(w.arrive(2))).toBe('maya?');
  });

  it('least-busy goes by load over capacity', () => {
    const w = setup('least-busy', true);
    w.connect('maya', 'jonas', 'priya');
    const holders = [1, 2, 3, 4, 5, 6].map((n) => w.holder(w.arrive(n)));
    // maya 0/2, jonas 0/1, priya 0/3 -> maya (longest idle of equals), then jonas (0/1),
    // then priya (0/3), then maya (1/2 vs 1/3 -> priya)...
    expect(holders).toEqual(['maya', 'jonas', 'priya', 'priya', 'maya', 'priya']);
  });

  it('round-robin takes turns in agentIds order', () => {
    const w = setup('round-robin', true);
    w.connect('priya', 'maya', 'jonas');
    const holders = [1, 2, 3, 4].map((n) => w.holder(w.arrive(n)));
    expect(holders).toEqual(['maya', 'jonas', 'priya', 'maya']);
  });

  it('a skill requirement only goes to agents with the skill', () => {
    const w = setup('longest-idle');
    w.connect('maya', 'jonas');
    const id = w.arrive(1, { prechat: { topic: 'product' } });
    expect(w.state.open.get(id)?.routing).toEqual({
      departmentId: 'tech',
      skills: ['tech'],
      priority: 0,
    });
    expect(w.holder(id)).toBe('jonas?');
  });

  it('higher priority first (from the site rules, for verified visitors), then first come first served', () => {
    const w = setup('longest-idle');
    const a = w.arrive(1);
    w.advance(10);
    const b = w.arrive(2);
    w.advance(10);
    const c = w.arrive(3, member(true));
    w.advance(10);
    // The same attributes, merely claimed: no priority.
    const d = w.arrive(4, member(false));
    expect([a, b, c, d].map((id) => w.state.open.get(id)?.routing?.priority)).toEqual([0, 0, 5, 0]);
    w.connect('maya'); // capacity 2
    expect([w.holder(a), w.holder(b), w.holder(c), w.holder(d)]).toEqual([
      'maya?',
      null,
      'maya?',
      null,
    ]);
  });

  it('an offer not accepted in time goes to the next agent; decline too', () => {
    const w = setup('longest-idle');
    w.connect('maya', 'priya');
    const id = w.arrive(1);
    expect(w.holder(id)).toBe('maya?');
    w.advance(30_000);
    w.run({ type: 'tick' });
    expect(w.events()).toEqual(['conversation.unoffered', 'conversation.offered']);
    expect(w.holder(id)).toBe('priya?');
    expect(w.run({ type: 'offer.decline', agent: actor('priya'), conversationId: id })).toEqual({
      type: 'ok',
    });
    // Both tried: the list starts over with the longest idle.
    expect(w.holder(id)).toBe('maya?');
    expect(
      w.run({ type: 'offer.accept', agent: actor('priya'), conversationId: id }),
    ).toMatchObject({
      code: 'NOT_OFFERED',
    });
    expect(w.run({ type: 'offer.accept', agent: actor('maya'), conversationId: id })).toEqual({
      type: 'ok',
    });
    expect(w.holder(id)).toBe('maya');
  });

  it('nothing is offered while closed; the deadline is the opening', () => {
    const w = world({
      agents: [{ id: 'maya', name: 'Maya', role: 'agent' }],
      departments: [
        department('orders', {
          agentIds: ['maya'],
          hours: [{ day: 1, open: '09:00', close: '17:00' }],
        }),
      ],
      now: Date.parse('2026-03-08T12:00:00Z'), // a Sunday
    });
    w.connect('maya');
    const id = w.arrive(1);
    expect(w.holder(id)).toBeNull();
    const status = w.effects.find((e) => e.type === 'send' && e.frame.type === 'queue.status');
    expect(status).toMatchObject({
      to: { kind: 'visitor', visitorId: 'vis_1' },
      frame: {
        position: 1,
        estimatedWaitSec: null,
        open: false,
        nextOpenAt: Date.parse('2026-03-09T09:00:00Z'),
        alternatives: ['message'],
      },
    });
    expect(nextDeadline(w.state, w.now)).toBe(Date.parse('2026-03-09T09:00:00Z'));
    // An agent may still take it by hand.
    expect(
      w.run({
        type: 'conversation.assign',
        agent: actor('maya'),
        conversationId: id,
        agentId: 'maya',
      }),
    ).toEqual({ type: 'ok' });
    expect(w.holder(id)).toBe('maya');
  });

  it('a dropped agent keeps their chats for the grace period, then they go back to the front', () => {
    const w = setup('longest-idle', true);
    w.connect('maya');
    const first = w.arrive(1);
    w.advance(5);
    w.arrive(2);
    w.advance(5);
    const third = w.arrive(3);
    expect(w.holder(first)).toBe('maya');
    w.run({ type: 'agent.disconnect', agent: actor('maya') });
    w.advance(59_999);
    w.run({ type: 'tick' });
    expect(w.holder(first)).toBe('maya');
    w.advance(1);
    w.run({ type: 'tick' });
    expect(w.events()).toContain('conversation.queued');
    expect(w.holder(first)).toBeNull();
    // Back at the front: its place in line is kept.
    const queue = routingSnapshot(w.state, w.now).queues.find((q) => q.departmentId === 'orders');
    expect(queue?.waiting).toEqual([first, expect.any(String), third]);
  });

  it('a reconnect within the grace period keeps the chats', () => {
    const w = setup('longest-idle', true);
    w.connect('maya');
    const id = w.arrive(1);
    w.run({ type: 'agent.disconnect', agent: actor('maya') });
    w.advance(30_000);
    w.connect('maya');
    w.advance(60_000);
    w.run({ type: 'tick' });
    expect(w.holder(id)).toBe('maya');
  });

  it('a reconnect at the very millisecond the grace period ends keeps the chats', () => {
    const w = setup('longest-idle', true);
    w.connect('maya');
    const id = w.arrive(1);
    w.run({ type: 'agent.disconnect', agent: actor('maya') });
    w.advance(60_000); // the grace period is 60 s: its deadline is now
    w.connect('maya');
    expect(w.events()).not.toContain('conversation.queued');
    expect(w.holder(id)).toBe('maya');
  });

  it('a waiting visitor gone for abandonAfterSec abandons, with the wait', () => {
    const w = setup('longest-idle');
    const id = w.arrive(1);
    w.advance(20_000);
    w.run({ type: 'visitor.disconnect', visitorId: 'vis_1' });
    w.advance(90_000);
    w.run({ type: 'tick' });
    const closed = w.effects.find((e) => e.type === 'persist');
    expect(closed).toMatchObject({
      events: [
        {
          type: 'conversation.closed',
          reason: 'abandoned',
          waitMs: 20_000,
          by: { role: 'system' },
        },
      ],
    });
    expect(w.holder(id)).toBe('closed');
  });

  it('a visitor who left a message is never abandoned', () => {
    const w = setup('longest-idle');
    const id = w.arrive(1);
    w.run({ type: 'conversation.defer', visitor: visitorOf(1), conversationId: id });
    w.run({ type: 'visitor.disconnect', visitorId: 'vis_1' });
    w.advance(3_600_000);
    w.run({ type: 'tick' });
    expect(w.holder(id)).toBeNull();
  });

  it('transfer to a department requeues with its skills; to an agent assigns', () => {
    const w = setup('longest-idle', true);
    w.connect('maya', 'jonas');
    const id = w.arrive(1);
    expect(w.holder(id)).toBe('maya');
    w.run({
      type: 'conversation.transfer',
      agent: actor('maya'),
      conversationId: id,
      to: { kind: 'department', departmentId: 'tech' },
      note: 'Needs a technician',
    });
    expect(w.events()).toEqual([
      'conversation.transferred',
      'conversation.queued',
      'conversation.assigned',
    ]);
    expect(w.holder(id)).toBe('jonas');
    expect(w.state.agents.get('maya')?.assigned).toEqual([]);
    // Jonas is full (capacity 1): a transfer to him from someone else is refused.
    const other = w.arrive(2);
    expect(
      w.run({
        type: 'conversation.transfer',
        agent: actor('maya'),
        conversationId: other,
        to: { kind: 'agent', agentId: 'jonas' },
      }),
    ).toMatchObject({ code: 'AGENT_UNAVAILABLE' });
    expect(
      w.run({
        type: 'conversation.transfer',
        agent: actor('maya'),
        conversationId: other,
        to: { kind: 'department', departmentId: 'nope' },
      }),
    ).toMatchObject({ code: 'UNKNOWN_DEPARTMENT' });
  });

  it('supervisor-only actions are refused to agents', () => {
    const w = setup('longest-idle', true);
    w.connect('maya', 'priya');
    const id = w.arrive(1);
    expect(w.holder(id)).toBe('maya');
    const refused = [
      w.run({ type: 'conversation.join', agent: actor('maya'), conversationId: id }),
      w.run({
        type: 'note.send',
        agent: actor('jonas'),
        conversationId: id,
        clientId: 'n1',
        kind: 'whisper',
        text: 'psst',
      }),
      w.run({
        type: 'conversation.assign',
        agent: actor('maya'),
        conversationId: id,
        agentId: 'priya',
      }),
      w.run({
        type: 'agent.message',
        agent: actor('jonas'),
        conversationId: id,
        clientId: 'j1',
        text: 'Hi',
      }),
      w.run({ type: 'department.save', agent: actor('maya'), department: department('x') }),
      w.run({ type: 'canned.delete', agent: actor('maya'), id: 'c1' }),
    ];
    for (const frame of refused) expect(frame).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
    expect(w.run({ type: 'conversation.join', agent: actor('priya'), conversationId: id })).toEqual(
      { type: 'ok' },
    );
    expect(
      w.run({
        type: 'note.send',
        agent: actor('priya'),
        conversationId: id,
        clientId: 'n2',
        kind: 'whisper',
        text: 'psst',
      }),
    ).toMatchObject({ type: 'chat.ack' });
    // The visitor's copy of the whisper is redacted.
    const toVisitor = w.effects.filter((e) => e.type === 'send' && e.to.kind === 'visitor');
    expect(
      toVisitor.map(
        (e) => e.type === 'send' && e.frame.type === 'conversation.event' && e.frame.event.type,
      ),
    ).toEqual(['redacted']);
    expect(
      w.run({
        type: 'conversation.assign',
        agent: actor('priya'),
        conversationId: id,
        agentId: 'priya',
      }),
    ).toEqual({ type: 'ok' });
    expect(w.events()).toEqual(['conversation.assigned']);
    expect(w.state.agents.get('maya')?.assigned).toEqual([]);
  });

  it('an agent reply takes a waiting conversation and withdraws the offer to someone else', () => {
    const w = setup('longest-idle');
    w.connect('maya');
    const id = w.arrive(1);
    expect(w.holder(id)).toBe('maya?');
    w.run({
      type: 'agent.message',
      agent: actor('priya'),
      conversationId: id,
      clientId: 'p1',
      text: 'Hi!',
    });
    expect(w.events()).toEqual([
      'conversation.unoffered',
      'conversation.assigned',
      'message.created',
    ]);
    expect(w.holder(id)).toBe('priya');
    expect(w.state.agents.get('maya')?.offers).toEqual([]);
  });

  it('queue.status tells position and estimate, and pushes only changes', () => {
    const w = setup('longest-idle', true);
    w.connect('jonas'); // capacity 1
    w.arrive(1);
    const second = w.arrive(2);
    const third = w.arrive(3);
    expect(queueStatusFor(w.state, third, w.now)).toMatchObject({
      position: 2,
      estimatedWaitSec: 600, // ceil(300 * (2 - 0) / 1)
      agentsOnline: 1,
      alternatives: ['message'],
    });
    expect(queueStatusFor(w.state, second, w.now)).toMatchObject({
      position: 1,
      estimatedWaitSec: 300,
    });
    w.run({ type: 'typing', by: visitorOf(3), conversationId: third, typing: true });
    expect(w.effects.some((e) => e.type === 'send' && e.frame.type === 'queue.status')).toBe(false);
  });
});
