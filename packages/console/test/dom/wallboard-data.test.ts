import { describe, expect, it } from 'vitest';
import { agentState, agentStateCounts, longestWaitNow } from '../../src/format/wallboard.js';
import { AGENTS, agentStatus, QUEUES, T0 } from './support/fixtures.js';

describe('longestWaitNow', () => {
  it('adds the time since the snapshot only while someone waits', () => {
    const [orders, tech] = QUEUES;
    if (!orders || !tech) throw new Error('fixtures');
    expect(longestWaitNow(orders, T0, T0 + 3_000)).toBe(128_000);
    expect(longestWaitNow(tech, T0, T0 + 3_000)).toBe(0);
  });
});

describe('agentState', () => {
  it('reads offline, away, busy at capacity and online with room', () => {
    expect(agentState(agentStatus({ id: 'a', connected: false }))).toBe('offline');
    expect(agentState(agentStatus({ id: 'a', presence: 'offline' }))).toBe('offline');
    expect(agentState(agentStatus({ id: 'a', presence: 'away' }))).toBe('away');
    expect(agentState(agentStatus({ id: 'a', load: 3, capacity: 3 }))).toBe('busy');
    expect(agentState(agentStatus({ id: 'a', load: 2, capacity: 3 }))).toBe('available');
  });

  it('counts every agent in exactly one state', () => {
    // Grace (2 of 3) and Maya (free) have room, Lin is full, Sam is away.
    expect(agentStateCounts(AGENTS)).toEqual({ available: 2, busy: 1, away: 1, offline: 0 });
  });
});
