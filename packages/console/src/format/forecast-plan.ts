import type { ForecastFrame, ForecastHour, ServiceLevelTarget } from '@switchboard/shared';
import { expectedServiceLevel } from './erlang.js';
import { targetStatus } from './kpi.js';

/** What the Forecast view asks the relay (`forecast.get`). */
export interface ForecastQuery {
  departmentId: string;
  weeks: number;
  /** Omitted until the supervisor changes it: the relay's own target. */
  target?: ServiceLevelTarget;
}

/** One hour of the grid as shown: the forecast, with the supervisor's unsaved edit applied. */
export interface PlannedHour extends ForecastHour {
  /** The scheduled number was changed here and not saved yet. */
  edited: boolean;
}

/**
 * The forecast's hours with unsaved edits (by hour-of-week index, Monday 00:00 = 0) applied; an
 * edited hour's expected service level is recomputed by Erlang C, as the relay will after saving.
 * @example plannedHours(forecast, { 9: 4 })[9].scheduled // 4
 */
export function plannedHours(
  forecast: ForecastFrame,
  edits: Record<number, number>,
): PlannedHour[] {
  return forecast.hours.map((hour) => {
    const edit = edits[hourIndex(hour)];
    if (edit === undefined || edit === hour.scheduled) return { ...hour, edited: false };
    return {
      ...hour,
      scheduled: edit,
      edited: true,
      expectedServiceLevel: expectedServiceLevel({
        arrivals: hour.arrivals,
        ahtSec: hour.ahtSec,
        agents: edit,
        targetSec: forecast.target.targetSec,
      }),
    };
  });
}

/** Monday 00:00 is 0, Sunday 23:00 is 167. */
export function hourIndex(hour: { day: number; hour: number }): number {
  return hour.day * 24 + hour.hour;
}

/**
 * The summary under the grid: hours with contacts whose expected service level misses the goal,
 * and the agent-hours missing against what Erlang C needs.
 */
export function staffingSummary(
  hours: readonly ForecastHour[],
  goal: number,
): { underTarget: number; shortfall: number } {
  let underTarget = 0;
  let shortfall = 0;
  for (const h of hours) {
    const status = targetStatus(h.expectedServiceLevel, goal);
    if (status === 'near' || status === 'poor') underTarget += 1;
    shortfall += Math.max(0, h.agentsNeeded - h.scheduled);
  }
  return { underTarget, shortfall };
}
