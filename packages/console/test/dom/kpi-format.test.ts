import { describe, expect, it } from 'vitest';
import { formatSeconds, formatShare, formatWait, targetStatus } from '../../src/format/kpi.js';

describe('KPI formatting', () => {
  it.each([
    [0.8, 0.8, 'good'],
    [0.95, 0.8, 'good'],
    [0.7, 0.8, 'near'],
    [0.69, 0.8, 'poor'],
    [null, 0.8, 'none'],
  ] as const)('service level %s against a goal of %s is %s', (sl, goal, status) => {
    expect(targetStatus(sl, goal)).toBe(status);
  });

  it.each([
    [null, '—'],
    [45, '45 s'],
    [120, '2 min'],
    [245, '4 min 5 s'],
    [3720, '1 h 2 min'],
  ] as const)('%s seconds read as %s', (sec, text) => {
    expect(formatSeconds(sec)).toBe(text);
  });

  it('shows waits as a clock and shares as whole percentages', () => {
    expect(formatWait(7_000)).toBe('0:07');
    expect(formatWait(125_400)).toBe('2:05');
    expect(formatWait(3_725_000)).toBe('1:02:05');
    expect(formatShare(0.857)).toBe('86%');
    expect(formatShare(null)).toBe('—');
  });
});
