import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from '../../src/cluster/codec.js';
import { createReplica, type LogEntry, type LogStep } from '../../src/cluster/replica.js';
import { createState } from '../../src/core/state.js';
import type { Command, SendEffect } from '../../src/core/types.js';
import { createEngine } from '../../src/engine/engine.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { actor, department, visitorOf } from '../core/routing-fixtures.js';

/**
 * A cluster's follower keeps the routing core by reducing the owner's committed commands again, in
 * order, from a snapshot: whatever the owner lives through (visitors writing, agents coming and
 * going, offers accepted and declined, transfers, closes, time passing, commands dispatched
 * together in one group commit), the replica's state is the owner's, byte for byte, and it
 * delivers the same pushes in the same order.
 */

type Action =
  | { kind: 'message'; visitor: number }
  | { kind: 'connect' | 'disconnect'; agent: number }
  | { kind: 'visitorAway' | 'visitorBack'; visitor: number }
  | { kind: 'presence'; agent: number; presence: 'online' | 'away' }
  | { kind: 'accept' | 'decline' | 'close'; agent: number; pick: number }
  | { kind: 'transfer'; agent: number; pick: number; to: number }
  | { kind: 'tick'; ms: number }
  | { kind: 'snapshot' };

const AGENTS = ['agt_1', 'agt_2', 'agt_3'];
const agentIndex = fc.integer({ min: 0, max: AGENTS.length - 1 });
const visitorIndex = fc.integer({ min: 0, max: 5 });
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('message' as const), visitor: visitorIndex }),
  },
  fc.record({
    kind: fc.constantFrom('connect' as const, 'disconnect' as const),
    agent: agentIndex,
  }),
  fc.record({
    kind: fc.constantFrom('visitorAway' as const, 'visitorBack' as const),
    visitor: visitorIndex,
  }),
  fc.record({
    kind: fc.constant('presence' as const),
    agent: agentIndex,
    presence: fc.constantFrom('online' as const, 'away' as const),
  }),
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('accept' as const, 'decline' as const, 'close' as const),
      agent: agentIndex,
      pick: fc.nat(),
    }),
  },
  fc.record({
    kind: fc.constant('transfer' as const),
    agent: agentIndex,
    pick: fc.nat(),
    to: agentIndex,
  }),
  fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 1_000, max: 120_000 }) }),
  fc.constant({ kind: 'snapshot' as const }),
);

async function run(actions: Action[]) {
  let now = 1_700_000_000_000;
  const initial = createState({
    agents: AGENTS.map((id) => ({ id, name: id, role: 'agent' as const, capacity: 2 })),
    departments: [department('orders', { agentIds: AGENTS, offerTimeoutSec: 20 })],
    sites: [
      {
        id: 'demo',
        defaultDepartmentId: 'orders',
        waitThresholdSec: 240,
        topics: [],
        alternatives: [],
      },
    ],
    now,
  });

  // The owner's log, grouped as the node groups it: what one turn of the event loop pushed.
  const log: LogEntry[] = [];
  let steps: LogStep[] = [];
  let n = 0;
  const ownerSends: SendEffect[][] = [];
  const pushStep = (step: LogStep) => {
    if (steps.length === 0) {
      queueMicrotask(() => {
        log.push({ epoch: 1, n: ++n, steps });
        steps = [];
      });
    }
    steps.push(step);
  };
  const engine = createEngine({
    store: createMemoryStore(),
    now: () => now,
    load: async () => initial,
    deliver: (sends) => {
      ownerSends.push(sends);
      pushStep({ s: sends });
    },
    onApplied: (applied) => pushStep({ a: structuredClone(applied) }),
  });
  await engine.start();

  const open = () => [...engine.state.open.values()];
  const pick = (i: number) => {
    const list = open();
    return list.length > 0 ? list[i % list.length] : undefined;
  };
  let clientCounter = 0;
  let batch: Promise<void>[] = [];
  const dispatch = (command: Command) => {
    batch.push(engine.dispatch(command, () => undefined));
  };
  for (const a of actions) {
    now += 500;
    switch (a.kind) {
      case 'message': {
        const visitor = visitorOf(a.visitor);
        const conversationId = engine.state.openByVisitor.get(visitor.id);
        dispatch({
          type: 'visitor.message',
          visitor,
          clientId: `c${++clientCounter}`,
          text: `hello ${clientCounter}`,
          context: {},
          ...(conversationId ? { conversationId } : {}),
        });
        break;
      }
      case 'connect':
      case 'disconnect':
        dispatch({ type: `agent.${a.kind}`, agent: actor(AGENTS[a.agent]!) });
        break;
      case 'visitorAway':
      case 'visitorBack':
        dispatch({
          type: a.kind === 'visitorAway' ? 'visitor.disconnect' : 'visitor.connect',
          visitorId: `vis_${a.visitor}`,
        });
        break;
      case 'presence':
        dispatch({ type: 'presence.set', agent: actor(AGENTS[a.agent]!), presence: a.presence });
        break;
      case 'accept':
      case 'decline':
      case 'close': {
        const c = pick(a.pick);
        if (!c) break;
        const agent = actor(AGENTS[a.agent]!);
        dispatch(
          a.kind === 'close'
            ? { type: 'conversation.close', by: agent, conversationId: c.id }
            : { type: `offer.${a.kind}`, agent, conversationId: c.id },
        );
        break;
      }
      case 'transfer': {
        const c = pick(a.pick);
        if (!c) break;
        dispatch({
          type: 'conversation.transfer',
          agent: actor(AGENTS[a.agent]!),
          conversationId: c.id,
          to: { kind: 'agent', agentId: AGENTS[a.to]! },
          note: 'over to you',
        });
        break;
      }
      case 'tick':
        now += a.ms;
        dispatch({ type: 'tick' });
        break;
      case 'snapshot':
        // Commands dispatched together run as one group: wait for them before the next.
        await Promise.all(batch);
        batch = [];
        break;
    }
  }
  await Promise.all(batch);
  await engine.idle();
  await new Promise((resolve) => setTimeout(resolve, 0));
  engine.stop();

  const replicaSends: SendEffect[][] = [];
  const replica = createReplica({ deliver: (sends) => replicaSends.push(sends) });
  replica.beginSync();
  // Entries that arrive while the snapshot is on its way are kept and applied after it.
  for (const entry of log.slice(0, 2)) replica.receive(JSON.parse(JSON.stringify(entry)));
  expect(replica.reset(decodeState(encodeState(initial)), { epoch: 1, n: 0 })).toBe('ok');
  for (const entry of log.slice(2)) {
    expect(replica.receive(JSON.parse(JSON.stringify(entry)))).toBe('ok');
  }
  await replica.read(() => undefined);
  expect(replica.position).toEqual({ epoch: 1, n: log.length });
  expect(encodeState(replica.state)).toBe(encodeState(engine.state));
  expect(replicaSends).toEqual(JSON.parse(JSON.stringify(ownerSends)));
}

describe('a replica of the routing core', () => {
  it('ends in the owner state and delivers the same pushes, whatever the owner lived through', async () => {
    await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 60 }), run), {
      numRuns: 60,
    });
  });

  it('says gap when an entry is missed, and ignores one it applied already', () => {
    const replica = createReplica({ deliver: () => undefined });
    replica.reset(decodeState(encodeState(createState({ now: 0 }))), { epoch: 3, n: 5 });
    expect(replica.receive({ epoch: 3, n: 5, steps: [] })).toBe('ok');
    expect(replica.receive({ epoch: 3, n: 7, steps: [] })).toBe('gap');
    expect(replica.receive({ epoch: 4, n: 1, steps: [] })).toBe('gap');
    expect(replica.receive({ epoch: 2, n: 9, steps: [] })).toBe('ok');
    expect(replica.receive({ epoch: 3, n: 6, steps: [] })).toBe('ok');
  });
});
