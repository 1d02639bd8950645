import type { Callback, CallbackAttempt, ConversationEvent, Kpis } from '@switchboard/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ConversationLog,
  computeKpis,
  DEFAULT_ASAP_ON_TIME_MS,
  DEFAULT_FCR_WINDOW_MS,
  type KpiOptions,
  kpiReport,
  wallboardData,
} from '../../src/core/kpis.js';

// A hand-built day: Monday 2 March 2026 from 09:00 UTC. Every number below is worked out by hand
// in the comment next to it, from the event times (seconds after T0) in the fixture.
const T0 = Date.UTC(2026, 2, 2, 9);
const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const options: KpiOptions = {
  target: { targetSec: 20, goal: 0.8 },
  fcrWindowMs: DEFAULT_FCR_WINDOW_MS,
  asapOnTimeMs: DEFAULT_ASAP_ON_TIME_MS,
};
const ann = { id: 'ann', name: 'Ann' };
const bob = { id: 'bob', name: 'Bob' };
const cy = { id: 'cy', name: 'Cy' };

type NoSeq<E> = E extends ConversationEvent ? Omit<E, 'seq' | 'at'> : never;
type Step = [seconds: number, event: NoSeq<ConversationEvent>];

const created = (dept: string, topic?: string): NoSeq<ConversationEvent> => ({
  type: 'conversation.created',
  visitor: { id: 'v', name: 'Visitor' },
  context: {},
  routing: { departmentId: dept, skills: [], priority: 0 },
  ...(topic ? { topic } : {}),
});
const assigned = (agent: typeof ann): NoSeq<ConversationEvent> => ({
  type: 'conversation.assigned',
  agent,
});
let messages = 0;
const said = (role: 'agent' | 'visitor'): NoSeq<ConversationEvent> => ({
  type: 'message.created',
  id: `m${++messages}`,
  clientId: 'c',
  author: { role, id: role, name: role },
  text: 'hello',
});
const closed: NoSeq<ConversationEvent> = {
  type: 'conversation.closed',
  by: { role: 'agent', id: 'ann', name: 'Ann' },
};
const abandonedAfter = (waitSec: number): NoSeq<ConversationEvent> => ({
  type: 'conversation.closed',
  by: { role: 'visitor', id: 'v', name: 'Visitor' },
  reason: 'abandoned',
  waitMs: waitSec * S,
});
const wrapped = (resolved: boolean, dispositionId: string, by = ann): NoSeq<ConversationEvent> => ({
  type: 'conversation.wrapped',
  by,
  dispositionId,
  resolved,
});
const survey = (answers: { csat?: number; ces?: number }): NoSeq<ConversationEvent> => ({
  type: 'survey.submitted',
  ...answers,
});

/** A log whose events happen `seconds` after `start`. */
function log(
  id: string,
  visitorId: string,
  start: number,
  steps: Step[],
  siteId = 's1',
): ConversationLog {
  const events = steps.map(
    ([sec, event], i) => ({ ...event, seq: i + 1, at: start + sec * S }) as ConversationEvent,
  );
  return { id, siteId, visitorId, events };
}

const logs: ConversationLog[] = [
  // Before the range: never counted.
  log('c0', 'v0', T0 - 1000 * S, [
    [0, created('sales')],
    [5, assigned(ann)],
    [60, closed],
  ]),
  // c1: answered in 10 s, first reply 15 s, closed at 310 s, wrapped 30 s after close (resolved,
  // topic billing). Survey in pieces: CSAT 5, then CES 6, then CSAT changed to 3 (latest wins).
  // Handle time = (310 − 10) + (340 − 310) = 330 s. Reopened: v1 is back on billing 2 days later.
  log('c1', 'v1', T0, [
    [0, created('sales', 'billing')],
    [10, assigned(ann)],
    [12, said('visitor')],
    [15, said('agent')],
    [310, closed],
    [340, wrapped(true, 'refund')],
    [400, survey({ csat: 5 })],
    [410, survey({ ces: 6 })],
    [420, survey({ csat: 3 })],
  ]),
  // c2: answered by Ann in 30 s (late), reply at 40 s, transferred to Bob at 100 s, closed at
  // 400 s, wrapped 60 s later by Bob, resolved. Counts once, for Ann who answered it.
  // Handle time spans both agents: (400 − 30) + 60 = 430 s. v2 returns on shipping only after 8 days.
  log('c2', 'v2', T0 + 1000 * S, [
    [0, created('sales', 'shipping')],
    [30, assigned(ann)],
    [40, said('agent')],
    [100, { type: 'conversation.transferred', by: ann, to: { kind: 'agent', agent: bob } }],
    [100, assigned(bob)],
    [400, closed],
    [460, wrapped(true, 'delivery', bob)],
  ]),
  // c3: abandoned after 10 s, inside the target: out of the service level.
  log('c3', 'v3', T0 + 2000 * S, [
    [0, created('support')],
    [10, abandonedAfter(10)],
  ]),
  // c4: abandoned after 45 s, past the target: counts against the service level.
  log('c4', 'v4', T0 + 3000 * S, [
    [0, created('support')],
    [45, abandonedAfter(45)],
  ]),
  // c5: v1 back on billing two days later (outside the range, inside the FCR window of c1).
  log('c5', 'v1', T0 + 2 * DAY, [
    [0, created('sales', 'billing')],
    [3, assigned(ann)],
    [50, closed],
  ]),
  // c6: v2 back on shipping 8 days after c2 closed: too late to reopen it.
  log('c6', 'v2', T0 + 1400 * S + 8 * DAY, [
    [0, created('sales', 'shipping')],
    [3, assigned(ann)],
    [50, closed],
  ]),
  // c7 (site s2): Cy answers in 5 s, replies at 20 s, closes at 200 s, wraps 30 s later,
  // unresolved. Handle = (200 − 5) + 30 = 225 s. CSAT 4, CES 2.
  log(
    'c7',
    'v5',
    T0 + 5000 * S,
    [
      [0, created('support')],
      [5, assigned(cy)],
      [20, said('agent')],
      [200, closed],
      [230, wrapped(false, 'other', cy)],
      [300, survey({ csat: 4, ces: 2 })],
    ],
    's2',
  ),
  // c8: the visitor left a message at 10 s (never abandoned, out of ASA and service level); Cy
  // takes it at 3000 s, replies at 3060 s (FRT 3060 s), closes at 3100 s: handle 100 s, no wrap-up.
  log('c8', 'v6', T0 + 6000 * S, [
    [0, created('support')],
    [10, { type: 'conversation.deferred' }],
    [3000, assigned(cy)],
    [3060, said('agent')],
    [3100, closed],
  ]),
  // c9: still waiting: a contact, nothing else.
  log('c9', 'v7', T0 + 7000 * S, [[0, created('sales')]]),
];

const attempt = (atMs: number, outcome: CallbackAttempt['outcome'], agent = ann) => ({
  at: atMs,
  agent,
  outcome,
});
function callback(id: string, fields: Partial<Callback> & Pick<Callback, 'status'>): Callback {
  return {
    id,
    reference: `CB-${id}`,
    siteId: 's1',
    visitor: { id: `cv-${id}`, name: 'Caller' },
    name: 'Caller',
    phone: '+4930123456',
    departmentId: 'sales',
    window: null,
    dueAt: T0,
    attempts: [],
    claimedBy: null,
    consent: 'ok',
    createdAt: T0 + 100 * S,
    updatedAt: T0,
    ...fields,
  };
}
const window3to4 = { start: T0 + 3 * HOUR, end: T0 + 4 * HOUR };
const callbacks: Callback[] = [
  // cb1 ASAP, created at 100 s: no answer at 600 s, resolved at 2400 s. First call 500 s after
  // the request (< 1 h): on time. Survey CSAT 5, CES 7.
  callback('cb1', {
    status: 'completed',
    attempts: [attempt(T0 + 600 * S, 'no_answer'), attempt(T0 + 2400 * S, 'resolved')],
    survey: { csat: 5, ces: 7, at: T0 + 3000 * S },
  }),
  // cb2 booked 3–4 h, first call at 3.5 h: on time.
  callback('cb2', {
    status: 'completed',
    window: window3to4,
    attempts: [attempt(T0 + 3.5 * HOUR, 'resolved')],
  }),
  // cb3 booked 3–4 h, first call at 5 h: late (Bob).
  callback('cb3', {
    status: 'completed',
    window: window3to4,
    attempts: [attempt(T0 + 5 * HOUR, 'resolved', bob)],
  }),
  // cb4: three unanswered calls, missed.
  callback('cb4', {
    status: 'missed',
    attempts: [1, 2, 3].map((h) => attempt(T0 + h * HOUR, 'no_answer')),
  }),
  // cb5: cancelled by the visitor: requested, out of the completion rate.
  callback('cb5', { status: 'cancelled' }),
  // cb6 (site s2, support) ASAP, created at 400 s, first called 2 h later: completed, late (Cy).
  callback('cb6', {
    status: 'completed',
    siteId: 's2',
    departmentId: 'support',
    createdAt: T0 + 400 * S,
    attempts: [attempt(T0 + 400 * S + 2 * HOUR, 'unresolved', cy)],
  }),
  // cb7: still scheduled.
  callback('cb7', { status: 'scheduled' }),
  // Out of the range.
  callback('cb8', { status: 'completed', createdAt: T0 + 3 * DAY }),
];

const day = { from: T0, to: T0 + DAY };

describe('computeKpis', () => {
  const totals = computeKpis(logs, callbacks, day, options, { readers: 50, contacted: 10 });

  it.each<[keyof Kpis, number | null, string]>([
    ['contacts', 7, 'c1, c2, c3, c4, c7, c8, c9 (c0 before, c5/c6 after)'],
    ['answered', 4, 'c1, c2, c7, c8'],
    ['abandoned', 2, 'c3, c4; c8 left a message, never abandoned'],
    ['firstResponseSec', 783.75, '(15 + 40 + 20 + 3060) / 4'],
    ['asaSec', 15, '(10 + 30 + 5) / 3, c8 deferred is out'],
    ['ahtSec', 271.25, '(330 + 430 + 225 + 100) / 4'],
    ['serviceLevel', 0.5, 'within 20 s: c1, c7 = 2 / (3 live answered + 1 abandoned late (c4))'],
    ['abandonmentRate', 2 / 7, '2 abandoned / 7 contacts'],
    [
      'fcr',
      1 / 3,
      'wrapped: c1 (reopened by c5), c2 (return after 8 days: counts), c7 (unresolved)',
    ],
    ['csat', 2 / 3, 'c1 3 (latest), c7 4, cb1 5: two of three are 4–5'],
    ['csatAverage', 4, '(3 + 4 + 5) / 3'],
    ['csatResponses', 3, 'c1, c7, cb1'],
    ['ces', 5, '(6 + 2 + 7) / 3'],
    ['cesResponses', 3, 'c1, c7, cb1'],
    ['deflectionRate', 0.8, '1 − 10 / 50'],
    ['callbacksRequested', 7, 'cb1–cb7 (cb8 later)'],
    ['callbacksCompleted', 4, 'cb1, cb2, cb3, cb6'],
    ['callbackCompletionRate', 0.8, '4 completed / (4 + 1 missed); cancelled cb5 out'],
    ['callbackOnTimeRate', 0.5, 'cb1 (ASAP in 500 s), cb2 (in window) of 4 completed'],
  ])('%s = %s: %s', (key, expected) => {
    if (expected === null) expect(totals[key]).toBeNull();
    else expect(totals[key]).toBeCloseTo(expected, 9);
  });

  it('counts a transferred contact once, for the agent who answered it', () => {
    // Ann: c1, c2. ASA (10 + 30) / 2 = 20; AHT (330 + 430) / 2 = 380; SL 1 / 2; FCR 1 / 2.
    // Callbacks whose last call was Ann's: cb1, cb2, cb4 → 2 completed of 3, both on time.
    // CSAT: c1 3, cb1 5 → 1 / 2 are 4–5, average 4.
    const mine = computeKpis(logs, callbacks, { ...day, agentId: 'ann' }, options);
    expect(mine).toMatchObject({
      contacts: 2,
      answered: 2,
      abandoned: 0,
      firstResponseSec: 27.5, // (15 + 40) / 2
      asaSec: 20,
      ahtSec: 380,
      serviceLevel: 0.5,
      fcr: 0.5,
      csat: 0.5,
      csatAverage: 4,
      callbacksRequested: 3,
      callbacksCompleted: 2,
      callbackCompletionRate: 2 / 3,
      callbackOnTimeRate: 1,
      deflectionRate: null, // no FAQ numbers given
    });
    // Bob took c2 over but did not answer it: no contact of his, only his callback cb3 (late).
    const bobs = computeKpis(logs, callbacks, { ...day, agentId: 'bob' }, options);
    expect(bobs).toMatchObject({ contacts: 0, ahtSec: null, callbacksCompleted: 1 });
    expect(bobs.callbackOnTimeRate).toBe(0);
  });

  it('filters by the department at creation and by site', () => {
    // support: c3, c4, c7, c8. SL: c7 within / (c7 + c4 abandoned late) = 1 / 2. cb6.
    const support = computeKpis(logs, callbacks, { ...day, departmentId: 'support' }, options);
    expect(support).toMatchObject({
      contacts: 4,
      answered: 2,
      abandoned: 2,
      serviceLevel: 0.5,
      abandonmentRate: 0.5, // 2 / 4
      asaSec: 5, // c7 only
      ahtSec: 162.5, // (225 + 100) / 2
      callbacksRequested: 1,
      callbackOnTimeRate: 0, // cb6 called 2 h after an ASAP request
    });
    // site s2: c7 and cb6 only. CSAT c7 4 → 1; CES 2.
    const s2 = computeKpis(logs, callbacks, { ...day, siteId: 's2' }, options);
    expect(s2).toMatchObject({ contacts: 1, answered: 1, csat: 1, ces: 2, fcr: 0, ahtSec: 225 });
    expect(s2.callbacksRequested).toBe(1);
  });

  it('reopens FCR only within the window', () => {
    // With a 1-day window, c5 (2 days after c1) no longer reopens c1: c1 and c2 count → 2 / 3.
    const short = computeKpis(logs, callbacks, day, { ...options, fcrWindowMs: DAY });
    expect(short.fcr).toBeCloseTo(2 / 3, 9);
    // With a 10-day window, c6 (8 days after c2) reopens c2 too: 0 / 3.
    const long = computeKpis(logs, callbacks, day, { ...options, fcrWindowMs: 10 * DAY });
    expect(long.fcr).toBe(0);
  });

  it('compares topics: a return on another topic does not reopen, the disposition stands in for a missing topic', () => {
    const first = log('a', 'vx', T0, [
      [0, created('sales')],
      [5, assigned(ann)],
      [60, closed],
      [70, wrapped(true, 'password')],
    ]);
    const otherTopic = log('b', 'vx', T0 + HOUR, [
      [0, created('sales', 'billing')],
      [5, assigned(ann)],
      [60, closed],
    ]);
    const sameDisposition = log('c', 'vx', T0 + 2 * HOUR, [
      [0, created('sales')],
      [5, assigned(ann)],
      [60, closed],
      [70, wrapped(true, 'password')],
    ]);
    const range = { from: T0, to: T0 + 30 * MIN };
    // "a" (password) then "b" (billing): still resolved first time → 1 / 1.
    expect(computeKpis([first, otherTopic], [], range, options).fcr).toBe(1);
    // then "c" wrapped as password too: "a" is reopened → 0 / 1.
    expect(computeKpis([first, otherTopic, sameDisposition], [], range, options).fcr).toBe(0);
  });

  it('gives zeros and nulls, never NaN, for an empty range', () => {
    const empty = computeKpis(logs, callbacks, { from: T0 - 10 * DAY, to: T0 - 9 * DAY }, options, {
      readers: 0,
      contacted: 0,
    });
    expect(empty).toEqual({
      contacts: 0,
      answered: 0,
      abandoned: 0,
      firstResponseSec: null,
      asaSec: null,
      ahtSec: null,
      serviceLevel: null,
      abandonmentRate: null,
      fcr: null,
      csat: null,
      csatAverage: null,
      csatResponses: 0,
      ces: null,
      cesResponses: 0,
      deflectionRate: null,
      callbacksRequested: 0,
      callbacksCompleted: 0,
      callbackCompletionRate: null,
      callbackOnTimeRate: null,
    });
  });

  it('counts an answered contact that was later abandoned in the queue as answered, once', () => {
    // Answered at 8 s, the agent's connection was lost at 60 s, requeued, the visitor left at 90 s.
    const lost = log('l', 'vl', T0, [
      [0, created('sales')],
      [8, assigned(ann)],
      [60, { type: 'conversation.queued', departmentId: 'sales', reason: 'agent_lost', from: ann }],
      [90, abandonedAfter(90)],
    ]);
    const kpis = computeKpis([lost], [], day, options);
    // answered 1, abandoned 0, SL 1 / 1, AHT = 90 − 8 = 82 s.
    expect(kpis).toMatchObject({ answered: 1, abandoned: 0, serviceLevel: 1, ahtSec: 82 });
  });
});

describe('kpiReport', () => {
  const names = {
    agents: new Map([
      ['ann', 'Ann Lee'],
      ['cy', 'Cy Park'],
    ]),
    departments: new Map([
      ['sales', 'Sales'],
      ['support', 'Support'],
    ]),
  };

  it('has totals, every hour of the range, and a row per agent and department', () => {
    const report = kpiReport(
      logs,
      callbacks,
      { from: T0, to: T0 + 3 * HOUR, bucket: 'hour', timeZone: 'Europe/Berlin' },
      options,
      names,
    );
    expect(report.series.map((s) => s.start)).toEqual([T0, T0 + HOUR, T0 + 2 * HOUR]);
    // Hour 1 (0–3600 s): c1, c2, c3, c4 (created 0, 1000, 2000, 3000 s); hour 2: c7, c8, c9.
    expect(report.series.map((s) => s.kpis.contacts)).toEqual([4, 3, 0]);
    expect(report.totals.contacts).toBe(7);
    // Agents who answered or called back, by name (the map's, else the log's): Ann Lee, Bob, Cy Park.
    expect(report.agents.map((a) => a.agent.name)).toEqual(['Ann Lee', 'Bob', 'Cy Park']);
    expect(report.agents.map((a) => a.kpis.answered)).toEqual([2, 0, 2]);
    expect(report.departments.map((d) => [d.name, d.kpis.contacts])).toEqual([
      ['Sales', 3], // c1, c2, c9
      ['Support', 4], // c3, c4, c7, c8
    ]);
  });

  it('buckets days in the time zone, across the change to summer time', () => {
    // Berlin moves from CET (UTC+1) to CEST (UTC+2) at 01:00 UTC on Sunday 29 March 2026.
    // Days from Saturday 28 March 00:00 local to Tuesday 31 March 00:00 local:
    const sat = Date.UTC(2026, 2, 27, 23); // 28 Mar 00:00 CET
    const sun = Date.UTC(2026, 2, 28, 23); // 29 Mar 00:00 CET (a 23-hour day)
    const mon = Date.UTC(2026, 2, 29, 22); // 30 Mar 00:00 CEST
    const end = Date.UTC(2026, 2, 30, 22); // 31 Mar 00:00 CEST
    const at = (ms: number, id: string) => log(id, id, ms, [[0, created('sales')]]);
    const dstLogs = [
      at(Date.UTC(2026, 2, 28, 22, 30), 'x1'), // Sat 23:30 local (UTC Saturday too)
      at(Date.UTC(2026, 2, 28, 23, 30), 'x2'), // Sun 00:30 local, still Saturday in UTC
      at(Date.UTC(2026, 2, 29, 21, 30), 'x3'), // Sun 23:30 CEST
      at(Date.UTC(2026, 2, 29, 22, 30), 'x4'), // Mon 00:30 CEST, still Sunday in UTC
    ];
    const report = kpiReport(
      dstLogs,
      [],
      { from: sat, to: end, bucket: 'day', timeZone: 'Europe/Berlin' },
      options,
      names,
    );
    expect(report.series.map((s) => s.start)).toEqual([sat, sun, mon]);
    expect(report.series.map((s) => s.kpis.contacts)).toEqual([1, 2, 1]);
  });

  it('buckets hours on the local hour in a zone with a half-hour offset', () => {
    // Asia/Kolkata is UTC+5:30: local hours start at :30 UTC.
    const from = Date.UTC(2026, 2, 2, 3, 30); // 09:00 IST
    const report = kpiReport(
      [log('k', 'k', Date.UTC(2026, 2, 2, 4, 45), [[0, created('sales')]])], // 10:15 IST
      [],
      { from, to: from + 2 * HOUR, bucket: 'hour', timeZone: 'Asia/Kolkata' },
      options,
      names,
    );
    expect(report.series.map((s) => [s.start, s.kpis.contacts])).toEqual([
      [from, 0],
      [from + HOUR, 1],
    ]);
  });

  it('clips the first bucket to the range', () => {
    // From 09:00 UTC (10:00 Berlin) by day: the first bucket starts at local midnight but counts
    // only contacts from 09:00 on (c0 at 08:43 is out).
    const report = kpiReport(
      logs,
      [],
      { ...day, bucket: 'day', timeZone: 'Europe/Berlin' },
      options,
      names,
    );
    expect(report.series[0]?.start).toBe(Date.UTC(2026, 2, 1, 23));
    expect(report.series[0]?.kpis.contacts).toBe(7);
  });
});

describe('wallboardData', () => {
  it("gives today's KPIs and contacts and service level per hour so far", () => {
    const now = T0 + HOUR + 30 * MIN; // 10:30
    const data = wallboardData(logs, callbacks, T0, now, options);
    // Today so far: c1, c2, c3, c4 (first hour), c7 (5000 s) — c8 (6000 s) is after 10:30 (5400 s).
    expect(data.today.contacts).toBe(5);
    expect(data.hourly).toEqual([
      // c1 within, c2 late, c4 abandoned late (c3 within target, out) → 1 / 3.
      { start: T0, contacts: 4, serviceLevel: 1 / 3 },
      // c7 within 20 s → 1 / 1.
      { start: T0 + HOUR, contacts: 1, serviceLevel: 1 },
    ]);
    expect(data).toMatchObject({ at: now, since: T0, target: options.target });
  });
});

describe('callback on-time rate after a retry', () => {
  it('measures the first call against the booked window, which a retry does not erase', () => {
    // Booked 3–4 h; first call at 3.5 h unanswered, so the retry cleared `window` (null) and moved
    // the call; answered at 5 h. The first call was inside the booked window: on time (1 of 1).
    const retried = callback('cbr', {
      status: 'completed',
      window: null,
      bookedWindow: window3to4,
      attempts: [attempt(T0 + 3.5 * HOUR, 'no_answer'), attempt(T0 + 5 * HOUR, 'resolved')],
    });
    expect(computeKpis([], [retried], day, options).callbackOnTimeRate).toBe(1);
    // Without the booked window it would have been judged as "as soon as possible": 3.5 h after
    // the request is late (0 of 1) — the bug this guards against.
    const { bookedWindow: _dropped, ...legacy } = retried;
    expect(computeKpis([], [legacy], day, options).callbackOnTimeRate).toBe(0);
  });
});

describe('wallboardData counted one hour at a time', () => {
  it('gives each hour and the day the numbers computeKpis gives over all contacts', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            visitor: fc.constantFrom('v1', 'v2', 'v3'),
            startMin: fc.integer({ min: -90, max: 330 }),
            answerSec: fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }),
            topic: fc.option(fc.constantFrom('billing', 'returns'), { nil: undefined }),
          }),
          { maxLength: 30 },
        ),
        fc.integer({ min: 0, max: 5 * 60 }),
        (contacts, nowMin) => {
          const day = contacts.map((c, i) =>
            log(`r${i}`, c.visitor, T0 + c.startMin * MIN, [
              [0, created('sales', c.topic)],
              ...(c.answerSec === undefined
                ? ([[30, abandonedAfter(30)]] as Step[])
                : ([
                    [c.answerSec, assigned(ann)],
                    [c.answerSec + 60, closed],
                    [c.answerSec + 70, wrapped(true, 'resolved')],
                  ] as Step[])),
            ]),
          );
          const now = T0 + nowMin * MIN;
          const data = wallboardData(day, callbacks, T0, now, options);
          expect(data.today).toEqual(
            computeKpis(day, callbacks, { from: T0, to: now + 1 }, options),
          );
          expect(data.hourly).toEqual(
            data.hourly.map(({ start }) => {
              const kpis = computeKpis(
                day,
                callbacks,
                { from: start, to: Math.min(start + HOUR, now + 1) },
                options,
              );
              return { start, contacts: kpis.contacts, serviceLevel: kpis.serviceLevel };
            }),
          );
          expect(data.hourly).toHaveLength(Math.floor(nowMin / 60) + 1);
        },
      ),
      { numRuns: 200 },
    );
  });
});
