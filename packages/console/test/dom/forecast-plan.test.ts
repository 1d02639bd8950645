import type { ForecastFrame, ForecastHour } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { hourIndex, plannedHours, staffingSummary } from '../../src/format/forecast-plan.js';

function hour(overrides: Partial<ForecastHour> & { day: number; hour: number }): ForecastHour {
  return {
    arrivals: 10,
    ahtSec: 300,
    agentsNeeded: 3,
    scheduled: 3,
    expectedServiceLevel: 0.85,
    ...overrides,
  };
}

const FORECAST: ForecastFrame = {
  type: 'forecast',
  departmentId: 'orders',
  weeks: 4,
  target: { targetSec: 20, goal: 0.8 },
  hours: [hour({ day: 0, hour: 9 }), hour({ day: 0, hour: 10, scheduled: 1 })],
};

describe('forecast plan', () => {
  it('counts hours of the week from Monday 00:00', () => {
    expect(hourIndex({ day: 0, hour: 0 })).toBe(0);
    expect(hourIndex({ day: 6, hour: 23 })).toBe(167);
  });

  it('applies an unsaved edit and recomputes that hour only', () => {
    const [nine, ten] = plannedHours(FORECAST, { 10: 4 });
    expect(nine).toEqual({ ...FORECAST.hours[0], edited: false });
    expect(ten?.scheduled).toBe(4);
    expect(ten?.edited).toBe(true);
    expect(ten?.expectedServiceLevel).not.toBe(FORECAST.hours[1]?.expectedServiceLevel);
  });

  it('ignores an edit back to the scheduled number', () => {
    expect(plannedHours(FORECAST, { 9: 3 })[0]?.edited).toBe(false);
  });

  it('sums the hours under the goal and the agent-hours missing', () => {
    const hours = [
      hour({ day: 0, hour: 9 }),
      hour({ day: 0, hour: 10, scheduled: 1, expectedServiceLevel: 0.2 }),
      hour({ day: 0, hour: 11, agentsNeeded: 5, scheduled: 3, expectedServiceLevel: 0.75 }),
    ];
    expect(staffingSummary(hours, 0.8)).toEqual({ underTarget: 2, shortfall: 4 });
  });
});
