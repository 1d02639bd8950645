import { describe, expect, it } from 'vitest';
import { reduce } from '../../src/core/reduce.js';
import { createState } from '../../src/core/state.js';
import type { Command, CoreState, Effect } from '../../src/core/types.js';
import { actor, department, visitorOf } from './routing-fixtures.js';

/**
 * What a command costs must follow what it changes, not the size of the state: counted, never
 * timed (the time is printed for the record; `pnpm bench` measures speed).
 */

const QUEUED = 10_000;
const START = Date.parse('2026-03-02T10:00:00Z');

function setup(): CoreState {
  return createState({
    agents: [
      { id: 'agt_1', name: 'Maya', role: 'agent', capacity: 3, presence: 'away' },
      { id: 'agt_2', name: 'Tom', role: 'agent', capacity: 3, presence: 'away' },
    ],
    departments: [
      department('orders', { agentIds: ['agt_1'], autoAccept: true }),
      department('billing', { agentIds: ['agt_2'], autoAccept: true }),
    ],
    sites: [
      {
        id: 'demo',
        defaultDepartmentId: 'orders',
        waitThresholdSec: 240,
        topics: [],
        alternatives: [],
      },
    ],
    now: START,
  });
}

const message = (n: number, departmentId = 'orders'): Command => ({
  type: 'visitor.message',
  visitor: visitorOf(n),
  clientId: `c${n}`,
  text: 'Hello',
  context: {},
  departmentId,
});

const statuses = (effects: Effect[]) =>
  effects.flatMap((e) => (e.type === 'send' && e.frame.type === 'queue.status' ? [e.frame] : []));

/** The maps of the state, by name, to check which ones a command copied. */
const MAPS = [
  'open',
  'openByVisitor',
  'departments',
  'agents',
  'cursors',
  'tried',
  'assignedAt',
  'handleTimes',
  'visitors',
  'queueSent',
  'queues',
  'queueStats',
  'canned',
  'callbacks',
  'phones',
  'cutOff',
] as const;

const copied = (before: CoreState, after: CoreState) =>
  MAPS.filter((name) => before[name] !== after[name]);

describe('the cost of a command', () => {
  it(`queues ${QUEUED.toLocaleString('en')} conversations, one queue status each`, () => {
    let state = setup();
    let now = START;
    let counter = 0;
    const ctx = () => ({ now, newId: (p: string) => `${p}_${++counter}` });
    const started = performance.now();
    let frames = 0;
    for (let n = 0; n < QUEUED; n++) {
      now += 1;
      const result = reduce(state, message(n), ctx());
      // Joining the back of the line changes nobody else's place: one status, the newcomer's.
      const sent = statuses(result.effects);
      frames += sent.length;
      if (sent.length !== 1 || sent[0]!.position !== n + 1) {
        expect(sent.map((f) => f.position)).toEqual([n + 1]);
      }
      state = result.state;
    }
    const queued = performance.now() - started;
    expect(frames).toBe(QUEUED);
    expect(state.queues.get('orders')).toHaveLength(QUEUED);

    // A message in a waiting conversation moves nobody: no status, and only what it changed is
    // copied (the conversation, nothing about visitors, agents, queues or other departments).
    now += 1;
    const again = reduce(
      state,
      {
        type: 'visitor.message',
        visitor: visitorOf(17),
        clientId: 'again',
        text: 'Still there?',
        context: {},
        conversationId: state.openByVisitor.get('vis_17')!,
      },
      ctx(),
    );
    expect(statuses(again.effects)).toEqual([]);
    expect(copied(state, again.state)).toEqual(['open']);

    // A newcomer in another department: one status for them, none for the 10,000 in `orders`.
    now += 1;
    const other = reduce(state, message(QUEUED, 'billing'), ctx());
    expect(statuses(other.effects).map((f) => [f.departmentName, f.position])).toEqual([
      ['Billing', 1],
    ]);
    expect(copied(state, other.state)).toEqual([
      'open',
      'openByVisitor',
      'queueSent',
      'queues',
      'queueStats',
    ]);
    // A visitor's connection touches their presence only.
    const connect = reduce(state, { type: 'visitor.connect', visitorId: 'vis_3' }, ctx());
    expect(statuses(connect.effects)).toEqual([]);
    expect(copied(state, connect.state)).toEqual(['visitors']);

    // The agent of `orders` comes online: they take three, so everyone moves up three places.
    now += 1;
    const started2 = performance.now();
    const connected = reduce(state, { type: 'agent.connect', agent: actor('agt_1') }, ctx());
    const online = reduce(
      connected.state,
      { type: 'presence.set', agent: actor('agt_1'), presence: 'online' },
      ctx(),
    );
    const routed = performance.now() - started2;
    const assigned = online.effects.flatMap((e) =>
      e.type === 'persist' ? e.events.filter((ev) => ev.type === 'conversation.assigned') : [],
    );
    expect(assigned).toHaveLength(3);
    const moved = statuses(online.effects);
    expect(moved).toHaveLength(QUEUED);
    expect(moved.filter((f) => f.position === null)).toHaveLength(3);
    expect(online.state.queues.get('orders')).toHaveLength(QUEUED - 3);
    // biome-ignore lint/suspicious/noConsole: the time is printed for the record, never asserted
    console.info(
      `core: ${QUEUED} queued in ${Math.round(queued)} ms; routed with ${QUEUED} waiting in ${Math.round(routed)} ms`,
    );
  }, 120_000);
});
