import type { ConversationEvent } from '@switchboard/shared';
import { agentsNeeded, serviceLevel } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { forecastWeek } from '../../src/core/forecast.js';
import type { ConversationLog } from '../../src/core/kpis.js';

const S = 1000;
const HOUR = 3600 * S;
const WEEK = 7 * 24 * HOUR;
const target = { targetSec: 20, goal: 0.8 };
const ann = { id: 'ann', name: 'Ann' };
let next = 0;

/** A contact created at `at` (UTC ms), answered 5 s later, closed after `handleSec` (or abandoned). */
function contact(at: number, handleSec: number | null, departmentId = 'support'): ConversationLog {
  const events: ConversationEvent[] = [
    {
      type: 'conversation.created',
      seq: 1,
      at,
      visitor: { id: 'v', name: 'V' },
      context: {},
      routing: { departmentId, skills: [], priority: 0 },
    },
  ];
  if (handleSec === null) {
    events.push({
      type: 'conversation.closed',
      seq: 2,
      at: at + 30 * S,
      by: { role: 'visitor', id: 'v', name: 'V' },
      reason: 'abandoned',
      waitMs: 30 * S,
    });
  } else {
    events.push(
      { type: 'conversation.assigned', seq: 2, at: at + 5 * S, agent: ann },
      {
        type: 'conversation.closed',
        seq: 3,
        at: at + 5 * S + handleSec * S,
        by: { role: 'agent', id: 'ann', name: 'Ann' },
      },
    );
  }
  next += 1;
  return { id: `c${next}`, siteId: 's1', visitorId: `v${next}`, events };
}

// Two weeks of history before Monday 16 March 2026 00:00 in Berlin (CET, UTC+1) = 15 Mar 23:00 UTC.
const now = Date.UTC(2026, 2, 15, 23);
const week1Monday = Date.UTC(2026, 2, 1, 23); // Mon 2 Mar 00:00 CET
const week2Monday = week1Monday + WEEK;
const at = (monday: number, day: number, hour: number, minute = 0) =>
  monday + day * 24 * HOUR + hour * HOUR + minute * 60 * S;
const idx = (day: number, hour: number) => day * 24 + hour;

const logs: ConversationLog[] = [
  // Monday 09:xx local: 4 contacts in week 1, 2 in week 2 → 3 an hour. Handle 4 × 200 s and
  // 2 × 500 s → (800 + 1000) / 6 = 300 s.
  ...[0, 10, 20, 30].map((m) => contact(at(week1Monday, 0, 9, m), 200)),
  ...[5, 50].map((m) => contact(at(week2Monday, 0, 9, m), 500)),
  // Wednesday 10:15 local, week 1: abandoned → 0.5 an hour, AHT from the whole history.
  contact(at(week1Monday, 2, 10, 15), null),
  // Sunday 23:30 local in week 2 = 22:30 UTC: the local hour (23) counts, handle 600 s.
  contact(at(week2Monday, 6, 23, 30), 600),
  // Other department, before the history, at `now`: none of them count.
  contact(at(week2Monday, 1, 14), 100, 'sales'),
  contact(at(week1Monday - WEEK, 0, 9), 100),
  contact(now, 100),
];

const scheduled = Array.from({ length: 168 }, (_, i) =>
  i === idx(0, 9) ? 2 : i === idx(2, 10) ? 1 : 0,
);

describe('forecastWeek', () => {
  const hours = forecastWeek(logs, {
    departmentId: 'support',
    weeks: 2,
    now,
    timeZone: 'Europe/Berlin',
    scheduled,
    target,
  });

  it('has 168 hours, Monday 00:00 first', () => {
    expect(hours).toHaveLength(168);
    expect(hours[0]).toMatchObject({ day: 0, hour: 0 });
    expect(hours[25]).toMatchObject({ day: 1, hour: 1 });
    expect(hours[167]).toMatchObject({ day: 6, hour: 23 });
  });

  it('averages over the weeks there is history for, not the weeks asked for', () => {
    // Asked over 4 weeks, the earliest contact is three weeks back (Monday 09:00 of the week
    // before week 1), so Monday 09:00 averages (1 + 4 + 2) / 3 weeks, not / 4: the relay has only
    // recorded three weeks. With 4 it would read 1.75 an hour and understaff that hour.
    const longer = forecastWeek(logs, {
      departmentId: 'support',
      weeks: 4,
      now,
      timeZone: 'Europe/Berlin',
      scheduled,
      target,
    });
    expect(longer[idx(0, 9)]?.arrivals).toBeCloseTo(7 / 3, 10);
  });

  it('averages arrivals over the weeks and handle time over the hour, in local time', () => {
    const monday9 = hours[idx(0, 9)];
    // (4 + 2) / 2 weeks = 3 an hour; AHT 300 s.
    expect(monday9).toMatchObject({ arrivals: 3, ahtSec: 300, scheduled: 2 });
    // A = 3 × 300 / 3600 = 0.25 erlangs.
    // N = 1: C = A = 0.25, SL = 1 − 0.25 e^(−0.75 · 20/300) = 0.762 (< 0.8)
    // N = 2: B = 0.25 · 0.2 / 2.05 = 0.02439, C = 2B / (2 − 0.25(1 − B)) = 0.02778,
    //        SL = 1 − 0.02778 e^(−1.75 · 20/300) = 0.9753 → 2 agents.
    expect(monday9?.agentsNeeded).toBe(2);
    expect(monday9?.expectedServiceLevel).toBeCloseTo(0.9753, 4);
    // Consistent with erlang.ts.
    expect(monday9?.agentsNeeded).toBe(agentsNeeded(3, 300, target));
    expect(monday9?.expectedServiceLevel).toBe(serviceLevel(2, 3, 300, 20));
  });

  it('falls back to the whole history for the handle time of an hour without one', () => {
    // One abandoned contact in two weeks → 0.5; AHT (6 × 300 + 600) / 7 = 342.857 s.
    const wednesday10 = hours[idx(2, 10)];
    expect(wednesday10?.arrivals).toBe(0.5);
    expect(wednesday10?.ahtSec).toBeCloseTo(2400 / 7, 9);
    // A = 0.5 × 342.857 / 3600 = 0.0476: one agent, SL = 1 − 0.0476 e^(−0.9524 · 20/342.857) ≈ 0.9550.
    expect(wednesday10).toMatchObject({ agentsNeeded: 1, scheduled: 1 });
    expect(wednesday10?.expectedServiceLevel).toBeCloseTo(0.955, 3);
  });

  it('counts the local hour: Sunday 23:30 in Berlin is 22:30 UTC', () => {
    expect(hours[idx(6, 23)]).toMatchObject({ arrivals: 0.5, ahtSec: 600, agentsNeeded: 1 });
    expect(hours[idx(6, 22)]?.arrivals).toBe(0);
    // Nobody scheduled while contacts arrive: nobody is answered.
    expect(hours[idx(6, 23)]?.expectedServiceLevel).toBe(0);
  });

  it('needs nobody and expects no service level when nothing arrives', () => {
    const quiet = hours.filter((_, i) => ![idx(0, 9), idx(2, 10), idx(6, 23)].includes(i));
    expect(quiet).toHaveLength(165);
    for (const hour of quiet) {
      expect(hour).toMatchObject({ arrivals: 0, agentsNeeded: 0, expectedServiceLevel: null });
    }
    // The other department's Tuesday 14:00 contact is not here.
    expect(hours[idx(1, 14)]?.arrivals).toBe(0);
  });

  it('follows the time zone across the change to summer time', () => {
    // Monday 30 March 2026 is in CEST (UTC+2): 08:30 UTC is 10:30 local.
    const after = Date.UTC(2026, 3, 5, 22); // Mon 6 Apr 00:00 CEST
    const summer = forecastWeek([contact(Date.UTC(2026, 2, 30, 8, 30), 120)], {
      departmentId: 'support',
      weeks: 1,
      now: after,
      timeZone: 'Europe/Berlin',
      scheduled: new Array(168).fill(0),
      target,
    });
    expect(summer[idx(0, 10)]?.arrivals).toBe(1);
    expect(summer[idx(0, 8)]?.arrivals).toBe(0);
  });

  it('uses defaultAhtSec when the history has no handle time at all', () => {
    const only = forecastWeek([contact(at(week2Monday, 0, 9), null)], {
      departmentId: 'support',
      weeks: 1,
      now,
      timeZone: 'Europe/Berlin',
      scheduled: new Array(168).fill(0),
      target,
      defaultAhtSec: 240,
    });
    expect(only[idx(0, 9)]).toMatchObject({ arrivals: 1, ahtSec: 240, agentsNeeded: 1 });
  });
});
