import type { Department } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { cannedFromDraft, draftFromCanned } from '../../src/forms/canned-form.js';
import {
  canonicalTimeZone,
  departmentFromDraft,
  draftFromDepartment,
  formatHours,
} from '../../src/forms/department-form.js';
import { en } from '../../src/i18n/en.js';
import { CANNED, DEPARTMENTS } from './support/fixtures.js';

const TECH = DEPARTMENTS[1]!;
const words = { days: en.departments.dayShort, alwaysOpen: 'Always open', closed: 'Closed' };

describe('canonicalTimeZone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/london', 'Europe/London'],
    ['UTC', 'UTC'],
    [' Asia/Tokyo ', 'Asia/Tokyo'],
    ['Mars/Olympus', null],
    ['', null],
    ['GMT+25', null],
  ])('%j -> %j', (zone, expected) => {
    expect(canonicalTimeZone(zone)).toBe(expected);
  });
});

describe('formatHours', () => {
  it.each<[Department['hours'], string]>([
    [[], 'Always open'],
    [[{ day: 1, open: '09:00', close: '17:00' }], 'Mon 09:00–17:00'],
    [[1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })), 'Mon–Fri 09:00–17:00'],
    [
      [
        { day: 6, open: '10:00', close: '14:00' },
        { day: 1, open: '09:00', close: '12:00' },
        { day: 1, open: '13:00', close: '17:00' },
        { day: 0, open: '10:00', close: '14:00' },
      ],
      'Mon 09:00–12:00, 13:00–17:00 · Sat–Sun 10:00–14:00',
    ],
  ])('%j', (hours, expected) => {
    expect(formatHours(hours, words)).toBe(expected);
  });
});

describe('department draft', () => {
  it('round-trips a department unchanged, split hours and midnight included', () => {
    const department: Department = {
      ...TECH,
      hours: [
        { day: 1, open: '09:00', close: '12:00' },
        { day: 1, open: '13:00', close: '24:00' },
        { day: 3, open: '08:30', close: '16:00' },
      ],
      holidays: ['2025-12-26', '2025-12-25'],
    };
    const draft = draftFromDepartment(department);
    expect(draft.days.map((d) => d.day)).toEqual([1, 2, 3, 4, 5, 6, 0]);
    expect(draft.days[0]).toMatchObject({ open: '09:00', close: '12:00', closed: false });
    expect(draft.days[0]?.more).toEqual([{ day: 1, open: '13:00', close: '24:00' }]);
    const result = departmentFromDraft(draft, ['orders', 'tech']);
    expect(result).toEqual({
      ok: true,
      value: { ...department, holidays: ['2025-12-25', '2025-12-26'] },
    });
  });

  it.each([
    ['an empty name', { name: ' ' }, 'name', 'required'],
    ['an id with capitals', { isNew: true, id: 'Returns' }, 'id', 'format'],
    ['a taken id', { isNew: true, id: 'orders' }, 'id', 'taken'],
    ['an unknown zone', { timeZone: 'Nowhere/Else' }, 'timeZone', 'time-zone'],
    ['no zone', { timeZone: '' }, 'timeZone', 'required'],
    ['a 4 s timeout', { offerTimeoutSec: '4' }, 'offerTimeoutSec', 'range'],
    ['a 601 s timeout', { offerTimeoutSec: '601' }, 'offerTimeoutSec', 'range'],
    ['a fractional timeout', { offerTimeoutSec: '7.5' }, 'offerTimeoutSec', 'range'],
    ['a skill too long', { skills: 'x'.repeat(65) }, 'skills', 'invalid'],
  ] as const)('refuses %s', (_label, change, field, code) => {
    const draft = { ...draftFromDepartment(TECH), ...change };
    const result = departmentFromDraft(draft, ['orders', 'tech']);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field]).toMatchObject({ code });
  });

  it('refuses a week with every day closed instead of sending "always open"', () => {
    const draft = draftFromDepartment(TECH);
    draft.days = draft.days.map((d) => ({ ...d, closed: true }));
    const result = departmentFromDraft(draft, []);
    expect(result.ok || result.errors.hours).toEqual({ code: 'no-hours' });
  });

  it('starts a new department always open, in the given zone', () => {
    const draft = draftFromDepartment(null, 'Europe/Paris');
    expect(draft).toMatchObject({ isNew: true, alwaysOpen: true, timeZone: 'Europe/Paris' });
  });
});

describe('canned draft', () => {
  it('gives a new response a cr_ id once, when the form opens', () => {
    const draft = draftFromCanned(null, () => '3f0c9a51-d2e8-4b7c-9a51-d2e84b7c0000');
    expect(draft.id).toBe('cr_3f0c9a51d2e84b7c');
  });

  it.each([
    ['refund', 'taken'],
    ['Refund', 'format'],
    ['-refund', 'format'],
    ['a'.repeat(33), 'format'],
    ['has space', 'format'],
    ['', 'required'],
  ])('refuses the shortcut %j (%s)', (shortcut, code) => {
    const draft = { ...draftFromCanned(null, () => 'x'), shortcut, title: 'T', text: 'Text' };
    const result = cannedFromDraft(draft, CANNED);
    expect(result.ok || result.errors.shortcut).toEqual({ code });
  });

  it('accepts its own shortcut when editing, and drops a typed slash', () => {
    const draft = { ...draftFromCanned(CANNED[0]!, () => 'x'), shortcut: '/refund' };
    expect(cannedFromDraft(draft, CANNED)).toEqual({ ok: true, value: CANNED[0] });
  });
});
