import type { ForecastHour, ServiceLevelTarget } from '@switchboard/shared';
import { agentsNeeded, serviceLevel } from '@switchboard/shared';
import { localTime } from './business-hours.js';
import { type ConversationLog, contactFacts } from './contact-facts.js';

const WEEK = 7 * 86_400_000;

/**
 * Arrivals and AHT per hour of the week (Monday 00:00 first, in `timeZone`) over the `weeks`
 * before `now`, agents needed, expected SL for `scheduled` (168). Arrivals are the contacts
 * created in `[now − weeks·7 days, now)` whose department (at creation) is `departmentId`, counted
 * by their local weekday and hour and divided by the weeks of history in that window (from the
 * earliest contact of any department, whole weeks, at most `weeks`); AHT is the mean handle time (as in
 * docs/kpis.md) of the answered, closed ones of that hour, else of the whole window, else
 * `defaultAhtSec` (0 when absent).
 * @example forecastWeek(logs, { departmentId: 'support', weeks: 4, now, timeZone: 'Europe/Berlin', scheduled, target })
 */
export function forecastWeek(
  logs: readonly ConversationLog[],
  input: {
    departmentId: string;
    weeks: number;
    now: number;
    timeZone: string;
    scheduled: readonly number[];
    target: ServiceLevelTarget;
    /** Handle time assumed when the history has none, seconds. @default 0 */
    defaultAhtSec?: number;
  },
): ForecastHour[] {
  const requested = Math.max(1, input.weeks);
  const from = input.now - requested * WEEK;
  // Average over the weeks there is history for: a relay that has recorded two weeks, asked for
  // four, must not halve every hour's arrivals. History starts at the earliest contact of any
  // department in the window (when the relay began recording).
  let earliest = input.now;
  for (const log of logs) {
    const created = log.events[0]?.at;
    if (created !== undefined && created >= from && created < earliest) earliest = created;
  }
  const weeks = Math.min(requested, Math.max(1, Math.ceil((input.now - earliest) / WEEK)));
  const counts = new Array<number>(168).fill(0);
  const handled = Array.from({ length: 168 }, () => ({ sum: 0, n: 0 }));
  let allSum = 0;
  let allN = 0;
  for (const log of logs) {
    const contact = contactFacts(log);
    if (!contact || contact.departmentId !== input.departmentId) continue;
    if (contact.createdAt < from || contact.createdAt >= input.now) continue;
    const local = localTime(contact.createdAt, input.timeZone);
    const index = ((local.weekday + 6) % 7) * 24 + Math.floor(local.minute / 60);
    counts[index] = (counts[index] ?? 0) + 1;
    const handleMs = contact.handleMs;
    if (handleMs !== null) {
      const slot = handled[index];
      if (slot) {
        slot.sum += handleMs;
        slot.n += 1;
      }
      allSum += handleMs;
      allN += 1;
    }
  }
  const fallbackSec = allN > 0 ? allSum / allN / 1000 : (input.defaultAhtSec ?? 0);
  return counts.map((count, index): ForecastHour => {
    const arrivals = count / weeks;
    const slot = handled[index];
    const ahtSec = slot && slot.n > 0 ? slot.sum / slot.n / 1000 : fallbackSec;
    const scheduled = Math.max(0, Math.floor(input.scheduled[index] ?? 0));
    return {
      day: Math.floor(index / 24),
      hour: index % 24,
      arrivals,
      ahtSec,
      agentsNeeded: agentsNeeded(arrivals, ahtSec, input.target),
      scheduled,
      expectedServiceLevel:
        arrivals > 0 ? serviceLevel(scheduled, arrivals, ahtSec, input.target.targetSec) : null,
    };
  });
}
