import type { Callback, WeeklyHours } from '@switchboard/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOpen } from '../../src/core/business-hours.js';
import { callbackHours, callbackSettings, callbackSlots, overlaps } from '../../src/core/slots.js';
import { department } from './routing-fixtures.js';

/**
 * Over random departments (zones with daylight saving and half-hour offsets, split hours, always
 * open, holidays), random slot lengths and capacities, and random booked callbacks: no offered slot
 * lies outside the calling hours, on a holiday, in the past, or over capacity.
 */

const MINUTE = 60_000;
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Adelaide',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'UTC',
];
const hhmm = (minute: number) =>
  minute === 1440
    ? '24:00'
    : `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

const hours: fc.Arbitrary<WeeklyHours> = fc.array(
  fc
    .record({
      day: fc.integer({ min: 0, max: 6 }),
      open: fc.integer({ min: 0, max: 95 }),
      length: fc.integer({ min: 1, max: 40 }),
    })
    .map(({ day, open, length }) => ({
      day,
      open: hhmm(open * 15),
      close: hhmm(Math.min(1440, (open + length) * 15)),
    })),
  { maxLength: 6 },
);

// 2026, with both daylight-saving switches of the northern and southern hemispheres.
const YEAR_START = Date.UTC(2026, 0, 1);
const instant = fc.integer({ min: 0, max: 360 * 24 * 60 }).map((m) => YEAR_START + m * MINUTE);

const world = fc.record({
  zone: fc.constantFrom(...ZONES),
  hours,
  siteHours: hours,
  holidayOffsets: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }),
  slotMinutes: fc.constantFrom(15, 20, 30, 60),
  capacity: fc.integer({ min: 1, max: 3 }),
  now: instant,
  booked: fc.array(
    fc.record({
      offsetMin: fc.integer({ min: 0, max: 8 * 24 * 60 }),
      lengthMin: fc.integer({ min: 10, max: 90 }),
    }),
    { maxLength: 12 },
  ),
});

describe('callbackSlots (property)', () => {
  it('never offers a slot outside the calling hours, on a holiday, in the past or over capacity', () => {
    fc.assert(
      fc.property(world, (w) => {
        const holidays = w.holidayOffsets.map((d) =>
          new Date(w.now + d * 86_400_000).toISOString().slice(0, 10),
        );
        const d = department('orders', { timeZone: w.zone, hours: w.hours, holidays });
        const settings = callbackSettings('ok', {
          hours: w.siteHours,
          slotMinutes: w.slotMinutes,
          capacityPerSlot: w.capacity,
        });
        const open: Callback[] = w.booked.map((b, i) => ({
          id: `cb_${i}`,
          reference: 'CB-XXXX',
          siteId: 'demo',
          visitor: { id: 'vis', name: 'V' },
          name: 'V',
          phone: '+493012345678',
          departmentId: 'orders',
          window: {
            start: w.now + b.offsetMin * MINUTE,
            end: w.now + (b.offsetMin + b.lengthMin) * MINUTE,
          },
          status: 'scheduled',
          dueAt: w.now,
          attempts: [],
          claimedBy: null,
          consent: 'ok',
          createdAt: 0,
          updatedAt: 0,
        }));
        const calling = callbackHours(d, settings);
        const { slots, asapAt } = callbackSlots(d, settings, open, w.now);
        let previous = Number.NEGATIVE_INFINITY;
        for (const slot of slots) {
          expect(slot.end - slot.start).toBe(w.slotMinutes * MINUTE);
          expect(slot.start).toBeGreaterThanOrEqual(w.now);
          expect(slot.start).toBeGreaterThan(previous);
          previous = slot.start;
          // Every 5 minutes (hours are on a 15-minute grid) and the last minute: open, no holiday.
          for (let t = slot.start; t < slot.end; t += 5 * MINUTE) {
            expect(isOpen(calling, t)).toBe(true);
          }
          expect(isOpen(calling, slot.end - MINUTE)).toBe(true);
          const taken = open.filter((c) => overlaps(c.window!, slot)).length;
          expect(taken).toBeLessThan(w.capacity);
        }
        if (asapAt !== null) {
          expect(isOpen(calling, asapAt)).toBe(true);
          expect(asapAt - w.now).toBeLessThanOrEqual(86_400_000);
        }
      }),
      { numRuns: 60 },
    );
  });
});
