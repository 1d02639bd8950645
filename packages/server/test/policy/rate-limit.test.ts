import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createFrameBudget,
  createOpenCounter,
  createRateLimiter,
} from '../../src/policy/rate-limit.js';

const HOUR = 3_600_000;

describe('createRateLimiter', () => {
  it('allows `limit` hits per window, then refuses until the oldest leaves the window', () => {
    const limiter = createRateLimiter();
    const visitor = [{ key: 'visitor:v1', limit: 3, windowMs: HOUR }];
    expect([0, 10, 20].map((t) => limiter.take(visitor, t))).toEqual([true, true, true]);
    expect(limiter.take(visitor, 30)).toBe(false);
    expect(limiter.take(visitor, HOUR)).toBe(true); // the hit at 0 has left the window
    expect(limiter.take(visitor, HOUR + 5)).toBe(false);
  });

  it('counts nothing when any limit is full', () => {
    const limiter = createRateLimiter();
    const ip = { key: 'ip:1', limit: 1, windowMs: HOUR };
    expect(limiter.take([ip], 0)).toBe(true);
    const other = { key: 'visitor:v2', limit: 1, windowMs: HOUR };
    expect(limiter.take([other, ip], 1)).toBe(false);
    // visitor:v2 was not counted by the refused request.
    expect(limiter.take([other], 2)).toBe(true);
  });

  it('forgets idle keys', () => {
    const limiter = createRateLimiter();
    for (let i = 0; i < 499; i++) limiter.take([{ key: `k${i}`, limit: 5, windowMs: 10 }], 0);
    expect(limiter.size).toBe(499);
    limiter.take([{ key: 'late', limit: 5, windowMs: 10 }], 1_000);
    expect(limiter.size).toBe(1);
  });
});

describe('createRateLimiter.check', () => {
  it('names the limit that refused, and counts nothing then', () => {
    const limiter = createRateLimiter();
    const visitor = { key: 'm:v1', name: 'perVisitor', limit: 5, windowMs: HOUR };
    const ip = { key: 'm:ip', name: 'perIp', limit: 1, windowMs: HOUR };
    expect(limiter.check([visitor, ip], 0)).toBeNull();
    expect(limiter.check([visitor, ip], 1)?.name).toBe('perIp');
    // The refused hit was not counted against the visitor: 4 more fit.
    expect([2, 3, 4, 5].map((t) => limiter.check([visitor], t))).toEqual([null, null, null, null]);
    expect(limiter.check([visitor], 6)?.name).toBe('perVisitor');
  });
});

describe('createFrameBudget', () => {
  it('allows a burst of `perSecond`, then refills at that rate', () => {
    const budget = createFrameBudget(20);
    const burst = Array.from({ length: 25 }, () => budget.take(1_000));
    expect(burst.filter(Boolean)).toHaveLength(20);
    expect(budget.take(1_000)).toBe(false);
    expect(budget.take(1_050)).toBe(true); // 50 ms at 20/s refills one frame
    expect(budget.take(1_050)).toBe(false);
    // A steady 10 frames per second never runs dry.
    const steady = Array.from({ length: 100 }, (_, i) => budget.take(2_000 + i * 100));
    expect(steady.every(Boolean)).toBe(true);
  });
});

describe('createOpenCounter', () => {
  it('holds at most `limit` per key until released; a release counts once', () => {
    const counter = createOpenCounter();
    const first = counter.open('10.0.0.1', 2);
    const second = counter.open('10.0.0.1', 2);
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(counter.open('10.0.0.1', 2)).toBeNull();
    expect(counter.open('10.0.0.2', 2)).not.toBeNull(); // another key is not affected
    first!();
    first!();
    expect(counter.count('10.0.0.1')).toBe(1);
    expect(counter.open('10.0.0.1', 2)).not.toBeNull();
    expect(counter.open('10.0.0.1', 2)).toBeNull();
  });
});

/** The limiter as it was first written: every check filters each key's whole window. */
function simpleLimiter() {
  const hits = new Map<string, { times: number[]; windowMs: number }>();
  let calls = 0;
  const recent = (key: string, windowMs: number, now: number) => {
    const entry = hits.get(key);
    if (!entry) return [];
    entry.times = entry.times.filter((t) => t > now - windowMs);
    return entry.times;
  };
  return {
    check(limits: readonly { key: string; limit: number; windowMs: number }[], now: number) {
      if (++calls % 500 === 0) {
        for (const [key, entry] of hits)
          if (entry.times.every((t) => t <= now - entry.windowMs)) hits.delete(key);
      }
      const full = limits.find((l) => recent(l.key, l.windowMs, now).length >= l.limit);
      if (full) return full;
      for (const l of limits) {
        const entry = hits.get(l.key) ?? { times: [], windowMs: l.windowMs };
        entry.times.push(now);
        hits.set(l.key, entry);
      }
      return null;
    },
    get size() {
      return hits.size;
    },
  };
}

describe('createRateLimiter against the simple version', () => {
  // Each key has one limit and one window, as in policy/limits.ts.
  const KEYS = [
    { key: 'visitor:a', limit: 3, windowMs: 50 },
    { key: 'visitor:b', limit: 5, windowMs: 200 },
    { key: 'ip:1', limit: 8, windowMs: 100 },
    { key: 'ip:2', limit: 1, windowMs: 10 },
    { key: 'search:a', limit: 40, windowMs: 1_000 },
  ];
  const step = fc.record({
    // Mostly forward, sometimes a clock that steps back.
    dt: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: -40, max: 0 })),
    picked: fc.subarray([0, 1, 2, 3, 4], { minLength: 1 }),
  });

  it('refuses, counts and forgets exactly as the whole-window filter did', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 1_200 }), (steps) => {
        const fast = createRateLimiter();
        const simple = simpleLimiter();
        let now = 1_000;
        for (const { dt, picked } of steps) {
          now += dt;
          const limits = picked.map((i) => KEYS[i]!);
          expect(fast.check(limits, now)?.key ?? null).toBe(simple.check(limits, now)?.key ?? null);
          expect(fast.size).toBe(simple.size);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps at most `limit` times per key however long a busy key is hammered', () => {
    const limiter = createRateLimiter();
    const ip = [{ key: 'ip:nat', limit: 600, windowMs: 60_000 }];
    let allowed = 0;
    for (let t = 0; t < 600_000; t += 10) if (limiter.take(ip, t)) allowed++;
    // 10 minutes at 100 hits/s: 600 per rolling minute, so 6,000 in all.
    expect(allowed).toBe(6_000);
  });
});
