import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.js';
import {
  agentFramesPerSecond,
  callbackLimits,
  profileLimits,
  searchLimits,
  surveyLimits,
} from '../../src/policy/limits.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const rates = { perVisitorPerHour: 5, perIpPerHour: 10, perNumberPerDay: 3 };

describe('the frames’ abuse limits', () => {
  it('spreads a search budget: a minute’s worth, and a tenth of it (at least 5) in one second', () => {
    const limits = {
      ...DEFAULT_LIMITS,
      searchesPerVisitorPerMinute: 30,
      searchesPerIpPerMinute: 200,
    };
    expect(searchLimits(limits, 'vis_1', '1.2.3.4')).toEqual([
      {
        key: 'search:visitor:vis_1',
        name: 'searchesPerVisitorPerMinute',
        limit: 30,
        windowMs: MINUTE,
      },
      {
        key: 'search-burst:visitor:vis_1',
        name: 'searchesPerVisitorPerMinute',
        limit: 5,
        windowMs: 1_000,
      },
      { key: 'search:ip:1.2.3.4', name: 'searchesPerIpPerMinute', limit: 200, windowMs: MINUTE },
      {
        key: 'search-burst:ip:1.2.3.4',
        name: 'searchesPerIpPerMinute',
        limit: 20,
        windowMs: 1_000,
      },
    ]);
  });

  it('counts a callback’s number only for a new callback', () => {
    expect(callbackLimits(rates, 'vis_1', '1.2.3.4', null).map((l) => l.key)).toEqual([
      'visitor:vis_1',
      'ip:1.2.3.4',
    ]);
    expect(callbackLimits(rates, 'vis_1', '1.2.3.4', '+493012345678').at(-1)).toEqual({
      key: 'phone:+493012345678',
      limit: 3,
      windowMs: 24 * HOUR,
    });
  });

  it.each([
    ['profile changes', profileLimits('vis_1', 'a'), [20, 60], MINUTE],
    ['survey answers', surveyLimits('vis_1', 'a'), [30, 300], HOUR],
  ] as const)('limits %s per visitor and per address', (_name, limits, counts, windowMs) => {
    expect(limits.map((l) => l.limit)).toEqual(counts);
    expect(limits.every((l) => l.windowMs === windowMs)).toBe(true);
  });

  it('gives a console five times a widget’s frames, at least 100 a second', () => {
    expect(agentFramesPerSecond({ ...DEFAULT_LIMITS, framesPerSocketPerSecond: 10 })).toBe(100);
    expect(agentFramesPerSecond({ ...DEFAULT_LIMITS, framesPerSocketPerSecond: 30 })).toBe(150);
  });
});
