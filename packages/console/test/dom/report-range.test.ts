import { describe, expect, it } from 'vitest';
import { presetRange } from '../../src/format/report-range.js';

describe('presetRange', () => {
  it('gives local days with an exclusive end, so the range only moves at midnight', () => {
    const now = new Date(2025, 2, 4, 13, 30).getTime();
    expect(presetRange('today', now)).toEqual({
      from: new Date(2025, 2, 4).getTime(),
      to: new Date(2025, 2, 5).getTime(),
    });
    expect(presetRange('yesterday', now)).toEqual({
      from: new Date(2025, 2, 3).getTime(),
      to: new Date(2025, 2, 4).getTime(),
    });
    expect(presetRange('last30', now)?.from).toBe(new Date(2025, 1, 3).getTime());
    expect(presetRange('custom', now, { from: '2025-03-02', to: '2025-03-01' })).toBeNull();
    expect(presetRange('custom', now, { from: '', to: '2025-03-01' })).toBeNull();
    // The relay reports on at most 366 days: a longer custom range asks for shorter dates.
    expect(presetRange('custom', now, { from: '2024-01-01', to: '2024-12-31' })).not.toBeNull();
    expect(presetRange('custom', now, { from: '2023-01-01', to: '2024-12-31' })).toBeNull();
  });
});
