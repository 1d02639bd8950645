import { describe, expect, it } from 'vitest';
import { formatWindow, groupSlotsByDay } from '../../src/callback/time.js';

const min = 60_000;
const at = (iso: string) => Date.parse(iso);
const slot = (iso: string, minutes = 30) => ({ start: at(iso), end: at(iso) + minutes * min });
const view = (days: ReturnType<typeof groupSlotsByDay>) =>
  days.map((d) => [d.key, d.label, d.slots.map((s) => s.label)]);

describe('groupSlotsByDay', () => {
  it('groups by the visitor’s local day, not the UTC day, in order', () => {
    const slots = [
      slot('2025-11-25T23:30:00Z'), // 00:30 on the 26th in Berlin
      slot('2025-11-25T13:00:00Z'),
      slot('2025-11-25T13:30:00Z'),
    ];
    expect(view(groupSlotsByDay(slots, { locale: 'en-GB', timeZone: 'Europe/Berlin' }))).toEqual([
      ['2025-11-25', 'Tue 25 Nov', ['14:00–14:30', '14:30–15:00']],
      ['2025-11-26', 'Wed 26 Nov', ['00:30–01:00']],
    ]);
    // The same slots seen from New York fall on one day.
    expect(view(groupSlotsByDay(slots, { locale: 'en-GB', timeZone: 'America/New_York' }))).toEqual(
      [['2025-11-25', 'Tue 25 Nov', ['08:00–08:30', '08:30–09:00', '18:30–19:00']]],
    );
  });

  it('keeps every slot on a daylight-saving change day, labelled by the local clock', () => {
    // Berlin, 30 March 2025: 02:00 CET jumps to 03:00 CEST.
    const slots = [
      slot('2025-03-29T23:30:00Z'), // 00:30 CET
      slot('2025-03-30T00:30:00Z'), // 01:30 CET, ends 03:00 CEST
      slot('2025-03-30T01:00:00Z'), // 03:00 CEST
      slot('2025-03-30T21:30:00Z'), // 23:30 CEST, still the 30th
      slot('2025-03-30T22:00:00Z'), // 00:00 on the 31st
    ];
    expect(view(groupSlotsByDay(slots, { locale: 'en-GB', timeZone: 'Europe/Berlin' }))).toEqual([
      ['2025-03-30', 'Sun 30 Mar', ['00:30–01:00', '01:30–03:00', '03:00–03:30', '23:30–00:00']],
      ['2025-03-31', 'Mon 31 Mar', ['00:00–00:30']],
    ]);
    // New York, 2 November 2025: 02:00 EDT falls back to 01:00 EST; 01:30 happens twice.
    const fallBack = [slot('2025-11-02T05:30:00Z'), slot('2025-11-02T06:30:00Z')];
    expect(
      view(groupSlotsByDay(fallBack, { locale: 'en-GB', timeZone: 'America/New_York' })),
    ).toEqual([['2025-11-02', 'Sun 2 Nov', ['01:30–01:00', '01:30–02:00']]]);
  });

  it('offers nothing when nothing is offered', () => {
    expect(groupSlotsByDay([], { timeZone: 'UTC' })).toEqual([]);
  });
});

describe('formatWindow', () => {
  it('writes the window in words, in the visitor’s time zone', () => {
    const window = slot('2025-11-25T14:00:00Z');
    expect(formatWindow(window, { locale: 'en-GB', timeZone: 'Europe/London' })).toBe(
      'Tuesday 25 November, 14:00–14:30',
    );
    expect(formatWindow(window, { locale: 'en-GB', timeZone: 'Asia/Tokyo' })).toBe(
      'Tuesday 25 November, 23:00–23:30',
    );
  });
});
