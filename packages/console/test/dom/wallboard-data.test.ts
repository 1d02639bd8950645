import { describe, expect, it } from 'vitest';
import { longestWaitNow } from '../../src/format/wallboard.js';
import { QUEUES, T0 } from './support/fixtures.js';

describe('longestWaitNow', () => {
  it('adds the time since the snapshot only while someone waits', () => {
    const [orders, tech] = QUEUES;
    if (!orders || !tech) throw new Error('fixtures');
    expect(longestWaitNow(orders, T0, T0 + 3_000)).toBe(128_000);
    expect(longestWaitNow(tech, T0, T0 + 3_000)).toBe(0);
  });
});
