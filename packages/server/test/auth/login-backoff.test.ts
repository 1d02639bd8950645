import { describe, expect, it } from 'vitest';
import { backoffSec, createLoginBackoff } from '../../src/auth/login-backoff.js';

describe('backoffSec', () => {
  it.each([
    [0, 0],
    [4, 0],
    [5, 1],
    [6, 2],
    [7, 4],
    [9, 16],
    [10, 30],
    [50, 30],
    [5000, 30],
  ])('%i failures in a row -> %i s', (count, wait) => {
    expect(backoffSec(count, 5, 30)).toBe(wait);
  });
});

describe('createLoginBackoff', () => {
  const t0 = 1_700_000_000_000;

  it('lets an account fail 5 times, then makes it wait 1, 2, 4 s after each further failure', () => {
    const backoff = createLoginBackoff({ failuresAllowed: 5, maxWaitSec: 30 });
    for (let i = 0; i < 4; i++) backoff.failed('maya@example.com', t0);
    expect(backoff.waitSec('maya@example.com', t0)).toBe(0);
    expect(backoff.failed('maya@example.com', t0)).toBe(5);
    expect(backoff.waitSec('maya@example.com', t0)).toBe(1);
    expect(backoff.waitSec('maya@example.com', t0 + 1_000)).toBe(0);
    backoff.failed('maya@example.com', t0 + 1_000);
    expect(backoff.waitSec('maya@example.com', t0 + 1_000)).toBe(2);
    expect(backoff.waitSec('maya@example.com', t0 + 2_500)).toBe(1);
    backoff.failed('maya@example.com', t0 + 3_000);
    expect(backoff.waitSec('maya@example.com', t0 + 3_000)).toBe(4);
  });

  it('never waits longer than the maximum', () => {
    const backoff = createLoginBackoff({ failuresAllowed: 5, maxWaitSec: 30 });
    for (let i = 0; i < 100; i++) backoff.failed('a@b.c', t0);
    expect(backoff.waitSec('a@b.c', t0)).toBe(30);
    expect(backoff.waitSec('a@b.c', t0 + 30_000)).toBe(0);
  });

  it('keys accounts by the trimmed, lowercased email, and a right password starts over', () => {
    const backoff = createLoginBackoff({ failuresAllowed: 2, maxWaitSec: 30 });
    backoff.failed('Maya@Example.com', t0);
    backoff.failed(' maya@example.com ', t0);
    expect(backoff.waitSec('MAYA@example.com', t0)).toBe(1);
    expect(backoff.waitSec('jonas@example.com', t0)).toBe(0);
    backoff.succeeded('maya@example.com');
    expect(backoff.waitSec('maya@example.com', t0)).toBe(0);
    expect(backoff.failed('maya@example.com', t0)).toBe(1);
  });

  it('forgets failures after 15 quiet minutes', () => {
    const backoff = createLoginBackoff({ failuresAllowed: 2, maxWaitSec: 30 });
    backoff.failed('a@b.c', t0);
    backoff.failed('a@b.c', t0);
    expect(backoff.failed('a@b.c', t0 + 15 * 60_000 + 1)).toBe(1);
  });

  it('holds at most maxAccounts, forgetting the stalest', () => {
    const backoff = createLoginBackoff({ failuresAllowed: 1, maxWaitSec: 30, maxAccounts: 3 });
    for (const [i, account] of ['a', 'b', 'c', 'd'].entries()) backoff.failed(account, t0 + i);
    expect(backoff.size).toBe(3);
    expect(backoff.waitSec('a', t0 + 10)).toBe(0);
    expect(backoff.waitSec('d', t0 + 10)).toBe(1);
  });
});
