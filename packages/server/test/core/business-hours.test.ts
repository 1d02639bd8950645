import type { WeeklyHours } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import {
  type Hours,
  isOpen,
  localTime,
  nextChange,
  nextOpening,
} from '../../src/core/business-hours.js';

const weekdays = (open: string, close: string): WeeklyHours =>
  [1, 2, 3, 4, 5].map((day) => ({ day, open, close }));
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const berlin: Hours = {
  timeZone: 'Europe/Berlin',
  hours: weekdays('09:00', '17:00'),
  holidays: [],
};
const newYork: Hours = {
  timeZone: 'America/New_York',
  hours: weekdays('09:00', '17:00'),
  holidays: [],
};
const tokyo: Hours = {
  timeZone: 'Asia/Tokyo',
  hours: [...weekdays('09:00', '18:00'), { day: 6, open: '20:00', close: '24:00' }],
  holidays: ['2026-05-05'],
};
// Sunday 02:30 does not exist in Berlin on 2026-03-29 (the clock jumps 02:00 -> 03:00).
const berlinSundayNight: Hours = {
  timeZone: 'Europe/Berlin',
  hours: [{ day: 0, open: '02:30', close: '12:00' }],
  holidays: [],
};
const easter: Hours = { ...berlin, holidays: ['2026-04-03', '2026-04-06'] };

describe('localTime', () => {
  it('reads the wall clock across the Berlin spring-forward switch', () => {
    expect(localTime(at('2026-03-29T00:59:00Z'), 'Europe/Berlin')).toMatchObject({
      date: '2026-03-29',
      weekday: 0,
      minute: 1 * 60 + 59,
    });
    expect(localTime(at('2026-03-29T01:00:00Z'), 'Europe/Berlin').minute).toBe(3 * 60);
  });
});

describe('isOpen', () => {
  const cases: Array<[string, Hours, string, boolean]> = [
    ['Berlin, a Friday one minute before opening (CET)', berlin, '2026-03-27T07:59:00Z', false],
    ['Berlin, a Friday at opening (CET)', berlin, '2026-03-27T08:00:00Z', true],
    ['Berlin, close is exclusive', berlin, '2026-03-27T16:00:00Z', false],
    [
      'Berlin, Monday after the switch opens at 07:00Z (CEST)',
      berlin,
      '2026-03-30T07:00:00Z',
      true,
    ],
    [
      'Berlin, Monday after the switch, 06:59Z is 08:59 local',
      berlin,
      '2026-03-30T06:59:00Z',
      false,
    ],
    ['Berlin, a Saturday', berlin, '2026-03-28T10:00:00Z', false],
    ['Berlin, Good Friday is a holiday', easter, '2026-04-03T10:00:00Z', false],
    [
      'New York, Friday before its switch, 09:00 EST = 14:00Z',
      newYork,
      '2026-03-06T14:00:00Z',
      true,
    ],
    [
      'New York, Monday after its switch, 09:00 EDT = 13:00Z',
      newYork,
      '2026-03-09T13:00:00Z',
      true,
    ],
    ['New York, Monday 08:59 EDT', newYork, '2026-03-09T12:59:00Z', false],
    ['Tokyo, Monday 09:00 JST = 00:00Z', tokyo, '2026-03-09T00:00:00Z', true],
    ['Tokyo, Saturday 23:59 is open until 24:00', tokyo, '2026-03-14T14:59:00Z', true],
    ['Tokyo, Sunday 00:00 is closed', tokyo, '2026-03-14T15:00:00Z', false],
    ['Tokyo, Children’s Day is a holiday', tokyo, '2026-05-05T01:00:00Z', false],
    [
      'no hours: always open',
      { timeZone: 'UTC', hours: [], holidays: [] },
      '2026-01-01T03:00:00Z',
      true,
    ],
    [
      'no hours, but a holiday closes',
      { timeZone: 'UTC', hours: [], holidays: ['2026-01-01'] },
      '2026-01-01T03:00:00Z',
      false,
    ],
  ];
  it.each(cases)('%s', (_name, hours, when, open) => {
    expect(isOpen(hours, at(when))).toBe(open);
  });
});

describe('nextChange', () => {
  const cases: Array<[string, Hours, string, string | null]> = [
    ['Berlin closes at 17:00 CET', berlin, '2026-03-27T10:00:00Z', '2026-03-27T16:00:00.000Z'],
    [
      'Berlin, over the spring-forward weekend: Monday 09:00 CEST',
      berlin,
      '2026-03-27T16:00:00Z',
      '2026-03-30T07:00:00.000Z',
    ],
    [
      'Berlin, 02:30 does not exist on the switch day: opens when the clock jumps to 03:00',
      berlinSundayNight,
      '2026-03-28T23:00:00Z',
      '2026-03-29T01:00:00.000Z',
    ],
    [
      'Berlin, over the fall-back weekend: Monday 09:00 CET',
      berlin,
      '2026-10-23T15:00:00Z',
      '2026-10-26T08:00:00.000Z',
    ],
    [
      'Berlin, over Easter holidays: Tuesday',
      easter,
      '2026-04-02T15:00:00Z',
      '2026-04-07T07:00:00.000Z',
    ],
    [
      'New York, over its spring-forward weekend: Monday 09:00 EDT',
      newYork,
      '2026-03-06T22:00:00Z',
      '2026-03-09T13:00:00.000Z',
    ],
    [
      'Tokyo, Friday evening to Saturday 20:00',
      tokyo,
      '2026-03-13T10:00:00Z',
      '2026-03-14T11:00:00.000Z',
    ],
    [
      'Tokyo, Saturday night closes at 24:00',
      tokyo,
      '2026-03-14T12:00:00Z',
      '2026-03-14T15:00:00.000Z',
    ],
    [
      'always open: never changes',
      { timeZone: 'UTC', hours: [], holidays: [] },
      '2026-01-01T00:00:00Z',
      null,
    ],
    [
      'always open until a holiday',
      { timeZone: 'Europe/Berlin', hours: [], holidays: ['2026-12-25'] },
      '2026-12-20T00:00:00Z',
      '2026-12-24T23:00:00.000Z',
    ],
  ];
  it.each(cases)('%s', (_name, hours, from, expected) => {
    expect(iso(nextChange(hours, at(from)))).toBe(expected);
  });

  it('nextOpening is now while open, else the next change', () => {
    expect(nextOpening(berlin, at('2026-03-27T10:00:00Z'))).toBe(at('2026-03-27T10:00:00Z'));
    expect(iso(nextOpening(berlin, at('2026-03-28T10:00:00Z')))).toBe('2026-03-30T07:00:00.000Z');
  });
});
