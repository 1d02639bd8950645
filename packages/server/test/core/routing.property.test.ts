import type { ConversationEvent, ConversationSummary, Department } from '@switchboard/shared';
import { applyEvent } from '@switchboard/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOpen } from '../../src/core/business-hours.js';
import { queueStatusFor } from '../../src/core/estimate.js';
import { reduce } from '../../src/core/reduce.js';
import { eligibleAgents, hasSkills, queueOrder } from '../../src/core/routing.js';
import { type AgentSetup, createState, load } from '../../src/core/state.js';
import { earliestDue } from '../../src/core/timers.js';
import type { Command, CoreState, Effect } from '../../src/core/types.js';
import { actor, department, visitorOf } from './routing-fixtures.js';

/**
 * Random sequences of what a contact center lives through: visitors arrive (any department, skills
 * through the topic, priority), agents connect, drop, change presence, accept, decline, transfer
 * and assign; visitors leave; time passes. After every step the routing invariants hold.
 */

const GRACE_MS = 60_000;
const AGENTS = 4;
const VISITORS = 8;

type Action =
  | { kind: 'arrive'; visitor: number; department: number; priority: number; topic: boolean }
  | { kind: 'connect' | 'disconnect'; agent: number }
  | { kind: 'presence'; agent: number; presence: 'online' | 'away' | 'offline' }
  | { kind: 'accept' | 'decline'; agent: number; pick: number }
  | { kind: 'tick'; ms: number }
  | { kind: 'close'; pick: number; byVisitor: boolean }
  | {
      kind: 'transfer';
      pick: number;
      by: number;
      toAgent: number;
      toDepartment: number;
      agent: boolean;
    }
  | { kind: 'assign'; pick: number; by: number; target: number }
  | { kind: 'visitorAway' | 'visitorBack'; visitor: number };

const agentIndex = fc.integer({ min: 0, max: AGENTS - 1 });
const visitorIndex = fc.integer({ min: 0, max: VISITORS - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('arrive' as const),
      visitor: visitorIndex,
      department: fc.integer({ min: 0, max: 3 }),
      priority: fc.integer({ min: 0, max: 2 }),
      topic: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('connect' as const, 'disconnect' as const),
      agent: agentIndex,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('presence' as const),
      agent: agentIndex,
      presence: fc.constantFrom('online' as const, 'away' as const, 'offline' as const),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom('accept' as const, 'accept' as const, 'decline' as const),
      agent: agentIndex,
      pick: fc.nat(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('tick' as const),
      ms: fc.oneof(fc.integer({ min: 0, max: 35_000 }), fc.integer({ min: 0, max: 200_000 })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('close' as const),
      pick: fc.nat(),
      byVisitor: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      pick: fc.nat(),
      by: agentIndex,
      toAgent: agentIndex,
      toDepartment: fc.integer({ min: 0, max: 3 }),
      agent: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('assign' as const),
      pick: fc.nat(),
      by: agentIndex,
      target: agentIndex,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('visitorAway' as const, 'visitorBack' as const),
      visitor: visitorIndex,
    }),
  },
);

const world = fc.record({
  capacities: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: AGENTS, maxLength: AGENTS }),
  skills: fc.array(fc.subarray(['tech', 'de']), { minLength: AGENTS, maxLength: AGENTS }),
  members: fc.array(fc.subarray([0, 1, 2, 3], { minLength: 1 }), { minLength: 3, maxLength: 3 }),
  autoAccept: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
});

type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

const ids = Array.from({ length: AGENTS }, (_, i) => `agt_${i}`);
// Friday 16:30 UTC: the third department closes at 17:00 and opens on Monday.
const START = Date.parse('2026-03-06T16:30:00Z');

function setup(w: World): CoreState {
  const agents: AgentSetup[] = ids.map((id, i) => ({
    id,
    name: id,
    role: i === 0 ? 'supervisor' : 'agent',
    capacity: w.capacities[i]!,
    skills: w.skills[i]!,
  }));
  const departments: Department[] = [
    department('orders', { strategy: 'longest-idle' }),
    department('tech', { strategy: 'least-busy', skills: ['tech'] }),
    department('weekday', {
      strategy: 'round-robin',
      hours: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
    }),
  ].map((d, i) => ({
    ...d,
    agentIds: w.members[i]!.map((m: number) => ids[m]!),
    autoAccept: w.autoAccept[i]!,
  }));
  return createState({
    agents,
    departments,
    sites: [
      {
        id: 'demo',
        defaultDepartmentId: 'orders',
        waitThresholdSec: 240,
        topics: [{ id: 'german', label: 'Auf Deutsch', departmentId: 'orders', skills: ['de'] }],
        alternatives: [],
        priorityRules: [1, 2].map((n) => ({ attribute: 'tier', equals: n, priority: n })),
      },
    ],
    settings: { disconnectGraceSec: GRACE_MS / 1000, abandonAfterSec: 90 },
    now: START,
  });
}

function check(w: World, actions: Action[]) {
  let state = setup(w);
  let now = START;
  let counter = 0;
  const connected = new Set<string>();
  const droppedAt = new Map<string, number>();
  const logs = new Map<string, ConversationEvent[]>();
  const closed = new Set<string>();

  const pick = (n: number, filter: (c: ConversationSummary) => boolean = () => true) => {
    const list = [...state.open.values()].filter(filter);
    return list.length > 0 ? list[n % list.length] : undefined;
  };

  // Everyone starts at their console; the sequence then drops and brings them back.
  const start: Action[] = ids.map((_, agent) => ({ kind: 'connect', agent }));
  for (const a of [...start, ...actions]) {
    now += 1_000;
    let command: Command | undefined;
    switch (a.kind) {
      case 'arrive':
        // The visitor's widget is connected when they write.
        state = step({ type: 'visitor.connect', visitorId: `vis_${a.visitor}` });
        command = {
          type: 'visitor.message',
          visitor: visitorOf(a.visitor),
          clientId: `c${++counter}`,
          text: 'Hello',
          context: {},
          ...(a.department < 3
            ? { departmentId: ['orders', 'tech', 'weekday'][a.department]! }
            : {}),
          ...(a.topic ? { prechat: { topic: 'german' } } : {}),
          // Priority comes from the site's rules on a verified visitor's attributes.
          profile: {
            id: `vis_${a.visitor}`,
            name: 'Visitor',
            userId: `u-${a.visitor}`,
            verified: true,
            attributes: { tier: a.priority },
          },
        };
        break;
      case 'connect':
      case 'disconnect': {
        const id = ids[a.agent]!;
        // The shell sends these on the first socket in and the last socket out only.
        if ((a.kind === 'connect') === connected.has(id)) break;
        if (a.kind === 'connect') connected.add(id);
        else {
          connected.delete(id);
          droppedAt.set(id, now);
        }
        command = { type: `agent.${a.kind}`, agent: actor(id) };
        break;
      }
      case 'presence':
        command = { type: 'presence.set', agent: actor(ids[a.agent]!), presence: a.presence };
        break;
      case 'accept':
      case 'decline': {
        const id = ids[a.agent]!;
        const offered = pick(a.pick, (c) => c.offer?.agent.id === id) ?? pick(a.pick);
        if (offered)
          command = { type: `offer.${a.kind}`, agent: actor(id), conversationId: offered.id };
        break;
      }
      case 'tick':
        now += a.ms;
        command = { type: 'tick' };
        break;
      case 'close': {
        const c = pick(a.pick);
        if (c) {
          command = {
            type: 'conversation.close',
            by: a.byVisitor ? { ...visitorOf(Number(c.visitor.id.slice(4))) } : actor('agt_1'),
            conversationId: c.id,
          };
        }
        break;
      }
      case 'transfer': {
        const c = pick(a.pick);
        if (c) {
          command = {
            type: 'conversation.transfer',
            agent: actor(ids[a.by]!),
            conversationId: c.id,
            to: a.agent
              ? { kind: 'agent', agentId: ids[a.toAgent]! }
              : {
                  kind: 'department',
                  departmentId: ['orders', 'tech', 'weekday', 'nope'][a.toDepartment]!,
                },
            note: 'handover',
          };
        }
        break;
      }
      case 'assign': {
        const c = pick(a.pick);
        if (c) {
          command = {
            type: 'conversation.assign',
            agent: actor(ids[a.by]!),
            conversationId: c.id,
            agentId: ids[a.target]!,
          };
        }
        break;
      }
      case 'visitorAway':
      case 'visitorBack':
        command = {
          type: a.kind === 'visitorAway' ? 'visitor.disconnect' : 'visitor.connect',
          visitorId: `vis_${a.visitor}`,
        };
        break;
    }
    if (command) state = step(command);
  }

  function step(command: Command): CoreState {
    const before = state;
    const result = reduce(state, command, { now, newId: (p) => `${p}_${++counter}` });
    const granted: Array<{ conversation: string; agent: string }> = [];
    for (const effect of result.effects) {
      if (effect.type !== 'persist') continue;
      const id = effect.conversation.id;
      const log = logs.get(id) ?? [];
      // Seqs contiguous, nothing lost between commands.
      expect(effect.events[0]?.seq).toBe(log.length + 1);
      log.push(...effect.events);
      logs.set(id, log);
      const folded = log.reduce<ConversationSummary | null>(
        (s, e) => applyEvent(s, e, 'demo', id),
        null,
      );
      expect(folded).toEqual(effect.conversation);
      for (const event of effect.events) {
        if (event.type === 'conversation.closed') closed.add(id);
        if (event.type === 'conversation.offered')
          granted.push({ conversation: id, agent: event.agent.id });
        if (
          event.type === 'conversation.assigned' &&
          !event.by &&
          !['offer.accept', 'conversation.assign'].includes(command.type)
        ) {
          granted.push({ conversation: id, agent: event.agent.id });
        }
        if (event.type === 'conversation.queued' && event.reason === 'agent_lost') {
          // An agent loses their chats only once their grace period is over, and only while away.
          const agent = event.from!.id;
          expect(
            connected.has(agent),
            `${agent} requeued while connected (by ${command.type})`,
          ).toBe(false);
          expect(now - droppedAt.get(agent)!).toBeGreaterThanOrEqual(GRACE_MS);
        }
      }
    }
    invariants(result.state, before, now, logs, closed, granted, connected, droppedAt);
    queueInvariants(result.state, before, result.effects, now);
    return result.state;
  }
}

function invariants(
  state: CoreState,
  _before: CoreState,
  now: number,
  logs: Map<string, ConversationEvent[]>,
  closed: Set<string>,
  granted: Array<{ conversation: string; agent: string }>,
  connected: Set<string>,
  droppedAt: Map<string, number>,
) {
  // No conversation lost: every one ever created is open or closed, never both.
  for (const id of logs.keys()) expect(state.open.has(id) !== closed.has(id), id).toBe(true);

  const holders = new Map<string, string>();
  for (const agent of state.agents.values()) {
    // Capacity: offers reserve a slot, and load never exceeds capacity.
    expect(load(agent), `${agent.id} load`).toBeLessThanOrEqual(agent.capacity);
    for (const id of [...agent.assigned, ...agent.offers]) {
      // Never assigned (or offered) twice.
      expect(holders.has(id), `${id} held twice`).toBe(false);
      holders.set(id, agent.id);
      const c = state.open.get(id);
      expect(c, `${agent.id} holds a closed ${id}`).toBeDefined();
      // A skill requirement is never violated.
      expect(hasSkills(agent, c!.routing?.skills ?? [])).toBe(true);
    }
    for (const id of agent.assigned)
      expect(state.open.get(id)).toMatchObject({ status: 'active', agent: { id: agent.id } });
    for (const id of agent.offers) expect(state.open.get(id)?.offer?.agent.id).toBe(agent.id);
    // An agent past their grace period holds nothing.
    const dropped = droppedAt.get(agent.id);
    if (!connected.has(agent.id) && dropped !== undefined && now - dropped >= GRACE_MS) {
      expect(agent.assigned).toEqual([]);
    }
  }
  const waiting = [...state.open.values()].filter((c) => c.status === 'waiting' && !c.offer);
  for (const c of state.open.values()) {
    if (c.status === 'active') expect(holders.get(c.id)).toBe(c.agent?.id);
    if (c.offer) expect(holders.get(c.id)).toBe(c.offer.agent.id);
  }
  for (const w of waiting) {
    const department = state.departments.get(w.routing!.departmentId)!;
    if (!isOpen(department, now)) continue;
    // None left waiting while an eligible agent has room.
    expect(
      eligibleAgents(state, w).map((a) => a.id),
      `${w.id} left waiting`,
    ).toEqual([]);
    // First come, first served within a priority: nobody behind it took an agent it could have had.
    for (const g of granted) {
      const other = state.open.get(g.conversation);
      if (!other || queueOrder(w, other) >= 0) continue;
      const agent = state.agents.get(g.agent)!;
      const couldHave =
        department.agentIds.includes(agent.id) &&
        hasSkills(agent, w.routing!.skills) &&
        !(state.tried.get(w.id) ?? []).includes(agent.id);
      expect(couldHave, `${g.conversation} took ${g.agent} before ${w.id}`).toBe(false);
    }
  }
}

/**
 * The queue index and the pushed statuses, which the core keeps incrementally, match a
 * computation from scratch: each department's queue is its waiting conversations in queue order;
 * every waiting visitor's last `queue.status` is what `queueStatusFor` says now; a status is
 * pushed exactly when it changed, and a visitor no longer waiting heard it once.
 */
function queueInvariants(state: CoreState, before: CoreState, effects: Effect[], now: number) {
  const expected = new Map<string, string[]>();
  for (const c of [...state.open.values()].sort(queueOrder)) {
    if (c.status !== 'waiting' || !c.routing) continue;
    expected.set(c.routing.departmentId, [...(expected.get(c.routing.departmentId) ?? []), c.id]);
  }
  expect(new Map([...state.queues].map(([id, list]) => [id, [...list]]))).toEqual(expected);

  const pushed = new Map<string, string>();
  for (const effect of effects) {
    if (effect.type !== 'send' || effect.frame.type !== 'queue.status') continue;
    const { conversationId } = effect.frame;
    expect(pushed.has(conversationId), `${conversationId} got two statuses`).toBe(false);
    pushed.set(conversationId, JSON.stringify(effect.frame));
    const visitorId = (state.open.get(conversationId) ?? before.open.get(conversationId))?.visitor
      .id;
    expect(effect.to).toEqual({ kind: 'visitor', visitorId });
    // Only changes are pushed.
    expect(pushed.get(conversationId)).not.toBe(before.queueSent.get(conversationId));
  }
  for (const c of state.open.values()) {
    const queued =
      c.status === 'waiting' && !!c.routing && state.departments.has(c.routing.departmentId);
    if (queued) {
      const status = queueStatusFor(state, c.id, now);
      expect(state.queueSent.get(c.id), `${c.id} status`).toBe(JSON.stringify(status));
      if (before.queueSent.get(c.id) !== state.queueSent.get(c.id)) {
        expect(pushed.get(c.id), `${c.id} status not pushed`).toBe(state.queueSent.get(c.id));
      }
    } else {
      expect(state.queueSent.has(c.id)).toBe(false);
      // Taken (or moved out of any queue): the visitor heard it once.
      if (before.queueSent.has(c.id)) {
        expect(JSON.parse(pushed.get(c.id) ?? '{}')).toMatchObject({ position: null });
      }
    }
  }
  for (const id of state.queueSent.keys()) expect(state.open.has(id)).toBe(true);
  // The first deadline, kept by every command, is the one a scan of everything finds.
  expect(state.dueAt).toBe(earliestDue(state));
}

describe('routing invariants', () => {
  it('hold over random event sequences', () => {
    fc.assert(
      fc.property(
        world,
        fc.array(action, { minLength: 20, maxLength: 80, size: 'max' }),
        (w, actions) => check(w, actions),
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});
