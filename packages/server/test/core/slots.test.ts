import type { Callback, Department } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { callbackSettings, callbackSlots } from '../../src/core/slots.js';
import { department } from './routing-fixtures.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');
const settings = callbackSettings('We may call you.');
const berlin = department('orders', { timeZone: 'Europe/Berlin' });
const newYork = department('sales', {
  timeZone: 'America/New_York',
  hours: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '12:00' })),
});
const cb = (start: string, extra: Partial<Callback> = {}): Callback => ({
  id: `cb_${start}`,
  reference: 'CB-XXXX',
  siteId: 'demo',
  visitor: { id: 'vis_1', name: 'V' },
  name: 'Ada',
  phone: '+493012345678',
  departmentId: 'orders',
  window: { start: at(start), end: at(start) + 30 * 60_000 },
  status: 'scheduled',
  dueAt: at(start),
  attempts: [],
  claimedBy: null,
  consent: 'ok',
  createdAt: 0,
  updatedAt: 0,
  ...extra,
});
const starts = (d: Department, now: string, open: Callback[] = [], extra = {}) =>
  callbackSlots(d, { ...settings, ...extra }, open, at(now)).slots.map((s) => iso(s.start));

describe('callbackSlots', () => {
  it('starts at the next slot boundary, inside Mon-Fri 09:00-17:00 for an always-open department', () => {
    // Friday 2026-03-27, 10:10 in Berlin (CET, UTC+1).
    const slots = starts(berlin, '2026-03-27T09:10:00Z');
    expect(slots.slice(0, 3)).toEqual([
      '2026-03-27T09:30Z',
      '2026-03-27T10:00Z',
      '2026-03-27T10:30Z',
    ]);
    // The last Friday slot ends at 17:00; Monday is after the switch to CEST (UTC+2).
    const friday = slots.filter((s) => s.startsWith('2026-03-27'));
    expect(friday.at(-1)).toBe('2026-03-27T15:30Z');
    expect(slots[friday.length]).toBe('2026-03-30T07:00Z');
    // Seven days ahead: Friday 10:30-17:00, Mon-Thu, and next Friday up to 11:10 (CEST): 09:00-11:00.
    expect(slots).toHaveLength(13 + 4 * 16 + 4);
    expect(slots.at(-1)).toBe('2026-04-03T08:30Z');
  });

  it("uses the department's own hours, across the US switch to daylight saving", () => {
    // Friday 2026-03-06 08:00 EST; the US switches on Sunday 2026-03-08.
    const slots = starts(newYork, '2026-03-06T13:00:00Z', [], { slotMinutes: 60 });
    expect(slots.slice(0, 6)).toEqual([
      '2026-03-06T14:00Z',
      '2026-03-06T15:00Z',
      '2026-03-06T16:00Z',
      '2026-03-09T13:00Z',
      '2026-03-09T14:00Z',
      '2026-03-09T15:00Z',
    ]);
  });

  it('skips holidays and never offers the past', () => {
    const easter = { ...berlin, holidays: ['2026-04-03'] };
    // Thursday 16:10 CEST: the 16:30 slot is the last of the day.
    const slots = starts(easter, '2026-04-02T14:10:00Z');
    expect(slots[0]).toBe('2026-04-02T14:30Z');
    expect(slots.some((s) => s.startsWith('2026-04-03'))).toBe(false);
    expect(slots[1]).toBe('2026-04-06T07:00Z');
  });

  it('leaves out a slot once capacity callbacks overlap it; finished and other queues do not count', () => {
    const now = '2026-03-27T09:10:00Z';
    const one = [cb('2026-03-27T09:30:00Z')];
    expect(starts(berlin, now, one)[0]).toBe('2026-03-27T09:30Z');
    // 09:45-10:15Z overlaps the 09:30 slot (now full) and the 10:00 slot (one of two places).
    const two = [...one, cb('2026-03-27T09:45:00Z', { id: 'cb_2' })];
    expect(starts(berlin, now, two).slice(0, 2)).toEqual([
      '2026-03-27T10:00Z',
      '2026-03-27T10:30Z',
    ]);
    const notCounted = [
      ...one,
      cb('2026-03-27T09:30:00Z', { id: 'cb_3', status: 'cancelled' }),
      cb('2026-03-27T09:30:00Z', { id: 'cb_4', departmentId: 'tech' }),
      cb('2026-03-27T09:30:00Z', { id: 'cb_5', window: null }),
    ];
    expect(starts(berlin, now, notCounted)[0]).toBe('2026-03-27T09:30Z');
    expect(starts(berlin, now, two, { capacityPerSlot: 3 })[0]).toBe('2026-03-27T09:30Z');
  });

  it.each([
    ['open now: at once', '2026-03-27T09:10:00Z', true, '2026-03-27T09:10Z'],
    ['Thursday evening: Friday 09:00', '2026-03-26T18:00:00Z', true, '2026-03-27T08:00Z'],
    ['Friday evening: Monday is more than 24 h away', '2026-03-27T17:00:00Z', false, null],
    [
      'Sunday 10:00: Monday 09:00 is within 24 h',
      '2026-03-29T08:00:00Z',
      true,
      '2026-03-30T07:00Z',
    ],
  ])('as soon as possible, %s', (_name, now, asap, asapAt) => {
    const availability = callbackSlots(berlin, settings, [], at(now));
    expect(availability.asap).toBe(asap);
    expect(availability.asapAt === null ? null : iso(availability.asapAt)).toBe(asapAt);
  });
});
