import { describe, expect, it } from 'vitest';
import type { Hours } from '../../src/core/business-hours.js';
import { isOverdue, nextAttempt, outcomeEffect } from '../../src/core/retry.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const berlin: Hours = {
  timeZone: 'Europe/Berlin',
  hours: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
  holidays: ['2026-04-03'],
};
const policy = { maxAttempts: 3, delayMinutes: 30 };
const attempts = (n: number) =>
  Array.from({ length: n }, () => ({
    at: 0,
    agent: { id: 'agt_1', name: 'Maya' },
    outcome: 'no_answer' as const,
  }));

describe('nextAttempt', () => {
  const cases: Array<[string, number, string, string | null]> = [
    [
      'after the first miss: 30 minutes later',
      1,
      '2026-03-27T10:00:00Z',
      '2026-03-27T10:30:00.000Z',
    ],
    [
      'after the second miss, still inside hours',
      2,
      '2026-03-27T14:00:00Z',
      '2026-03-27T14:30:00.000Z',
    ],
    ['the last attempt failed: none (missed)', 3, '2026-03-27T10:00:00Z', null],
    // Friday 16:45 CET + 30 min is after closing: Monday 09:00 CEST.
    [
      'past closing: the next opening, after DST',
      1,
      '2026-03-27T15:45:00Z',
      '2026-03-30T07:00:00.000Z',
    ],
    // Thursday 16:45 CEST: Friday is a holiday, so Monday 09:00.
    ['before a holiday: the day after it', 1, '2026-04-02T14:45:00Z', '2026-04-06T07:00:00.000Z'],
  ];
  it.each(cases)('%s', (_name, made, now, expected) => {
    expect(iso(nextAttempt({ attempts: attempts(made) }, policy, berlin, at(now)))).toBe(expected);
  });

  it('honours the policy: one attempt only means missed at once', () => {
    expect(
      nextAttempt({ attempts: attempts(1) }, { maxAttempts: 1, delayMinutes: 30 }, berlin, 0),
    ).toBe(null);
  });
});

describe('isOverdue', () => {
  const window = { start: at('2026-03-27T09:00:00Z'), end: at('2026-03-27T09:30:00Z') };
  const cases: Array<[string, Parameters<typeof isOverdue>[0], string, boolean]> = [
    [
      'inside its window',
      { status: 'scheduled', window, dueAt: window.start },
      '2026-03-27T09:29:00Z',
      false,
    ],
    [
      'past its window',
      { status: 'scheduled', window, dueAt: window.start },
      '2026-03-27T09:30:01Z',
      true,
    ],
    [
      'as soon as possible, 15 min late',
      { status: 'scheduled', window: null, dueAt: window.start },
      '2026-03-27T09:15:00Z',
      false,
    ],
    [
      'as soon as possible, past 15 min',
      { status: 'scheduled', window: null, dueAt: window.start },
      '2026-03-27T09:15:01Z',
      true,
    ],
    [
      'being called is never overdue',
      { status: 'calling', window, dueAt: window.start },
      '2026-03-27T12:00:00Z',
      false,
    ],
    [
      'finished is never overdue',
      { status: 'completed', window, dueAt: window.start },
      '2026-03-27T12:00:00Z',
      false,
    ],
  ];
  it.each(cases)('%s', (_name, callback, now, expected) => {
    expect(isOverdue(callback, at(now))).toBe(expected);
  });
});

describe('outcomeEffect', () => {
  it.each([
    ['resolved', 'completed'],
    ['unresolved', 'completed'],
    ['no_answer', 'retry'],
    ['voicemail', 'retry'],
    ['wrong_number', 'missed'],
  ] as const)('%s -> %s', (outcome, effect) => {
    expect(outcomeEffect(outcome)).toBe(effect);
  });
});
