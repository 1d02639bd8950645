import { describe, expect, it } from 'vitest';
import { agentsNeeded, erlangC, serviceLevel } from '../src/erlang.js';

describe('erlangC', () => {
  // The classic Erlang C table for A = 10 erlangs (e.g. the tables in Cooper, "Introduction to
  // Queueing Theory", and the Erlang C calculators that reproduce them): the probability that a
  // contact waits with N agents. Checked by hand with C = N·B / (N − A(1 − B)), B from the
  // Erlang B recursion: B(10, 10) = 0.21458, so C(11) = 11·B(11) / (11 − 10(1 − B(11))) = 0.6821.
  const table: Array<[number, number]> = [
    [11, 0.6821],
    [12, 0.4494],
    [13, 0.2853],
    [14, 0.1741],
  ];
  it.each(table)('A = 10, N = %i: P(wait) ≈ %f', (agents, expected) => {
    expect(erlangC(agents, 10)).toBeCloseTo(expected, 4);
  });

  it('is 1 when the agents cannot keep up (N <= A) and 0 when nothing arrives', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangC(5, 10)).toBe(1);
    expect(erlangC(3, 0)).toBe(0);
  });

  it('falls as agents are added', () => {
    const values = [11, 12, 13, 14, 15, 20].map((n) => erlangC(n, 10));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThan(values[i - 1] ?? 1);
  });

  it('stays finite for 500 agents (recursion, no factorials: 500! overflows a double)', () => {
    const c = erlangC(500, 480);
    expect(Number.isFinite(c)).toBe(true);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
    // Much spare capacity: almost nobody waits.
    expect(erlangC(500, 300)).toBeLessThan(1e-6);
  });
});

describe('serviceLevel', () => {
  // The worked example "100 calls per 30 minutes, AHT 180 s, target 80% answered in 20 s":
  // λ = 200/h, A = 200 × 180 / 3600 = 10 erlangs.
  // N = 13: SL = 1 − 0.2853 · e^(−3 · 20/180) = 1 − 0.2853 × 0.7165 = 0.7956 (< 0.8)
  // N = 14: SL = 1 − 0.1741 · e^(−4 · 20/180) = 1 − 0.1741 × 0.6412 = 0.8884 (>= 0.8)
  // The brief quotes the example as "14 agents, SL ≈ 0.87"; the formula gives 0.888 for 14 agents
  // (and 0.796 for 13), so we assert what the formula gives: 14 agents either way.
  it('matches the worked example', () => {
    expect(serviceLevel(13, 200, 180, 20)).toBeCloseTo(0.7956, 3);
    expect(serviceLevel(14, 200, 180, 20)).toBeCloseTo(0.8884, 3);
  });

  it('is 0 with too few agents and 1 when nothing arrives', () => {
    expect(serviceLevel(10, 200, 180, 20)).toBe(0);
    expect(serviceLevel(0, 0, 180, 20)).toBe(1);
  });

  it('is a finite share for large centres', () => {
    const sl = serviceLevel(500, 9000, 190, 20); // A = 9000 × 190 / 3600 = 475 erlangs
    expect(Number.isFinite(sl)).toBe(true);
    expect(sl).toBeGreaterThan(0.9);
    expect(sl).toBeLessThanOrEqual(1);
  });
});

describe('agentsNeeded', () => {
  it('gives 14 agents for the worked example (13 reach only 79.6%)', () => {
    expect(agentsNeeded(200, 180, { targetSec: 20, goal: 0.8 })).toBe(14);
  });

  it('needs more agents for a stricter goal: 95% in 20 s needs 16 (N = 15: 94.2%, N = 16: 97.0%)', () => {
    expect(serviceLevel(15, 200, 180, 20)).toBeLessThan(0.95);
    expect(agentsNeeded(200, 180, { targetSec: 20, goal: 0.95 })).toBe(16);
  });

  it('needs 0 when nothing arrives and at least traffic + 1 otherwise', () => {
    expect(agentsNeeded(0, 180, { targetSec: 20, goal: 0.8 })).toBe(0);
    // A = 10: even a goal of 0 needs 11 agents, or the queue grows without bound.
    expect(agentsNeeded(200, 180, { targetSec: 20, goal: 0 })).toBe(11);
    // A tiny load: 1 contact an hour of 3 minutes still needs one agent.
    expect(agentsNeeded(1, 180, { targetSec: 20, goal: 0.8 })).toBe(1);
  });

  it('is the smallest N whose serviceLevel reaches the goal, for large centres too', () => {
    const target = { targetSec: 20, goal: 0.8 };
    const n = agentsNeeded(9000, 190, target);
    expect(serviceLevel(n, 9000, 190, 20)).toBeGreaterThanOrEqual(0.8);
    expect(serviceLevel(n - 1, 9000, 190, 20)).toBeLessThan(0.8);
  });
});
