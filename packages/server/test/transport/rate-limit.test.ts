import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/transport/rate-limit.js';

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
