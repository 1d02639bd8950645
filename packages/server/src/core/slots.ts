import type { Callback, Department, TimeWindow, WeeklyHours } from '@switchboard/shared';
import { type Hours, isOpen, localTime, nextOpening } from './business-hours.js';

/** A site's callback settings (config `sites[].callback`, defaults applied). */
export interface CallbackSettings {
  /** The consent line the widget shows; stored with each request as agreed to. */
  readonly consentText: string;
  /** ISO 3166 country for numbers written without a country code, e.g. `DE`. */
  readonly defaultCountry?: string;
  /** Calling hours for departments that are always open (`hours: []`). @default Mon-Fri 09:00-17:00 */
  readonly hours: WeeklyHours;
  /** Length of a bookable slot. @default 30 */
  readonly slotMinutes: number;
  /** How far ahead slots are offered. @default 7 */
  readonly daysAhead: number;
  /** Most scheduled callbacks whose window overlaps one slot. @default 2 */
  readonly capacityPerSlot: number;
  readonly retry: RetryPolicy;
  /** A visitor gone this long from an active chat is cut off. @default 120 */
  readonly cutOffAfterSec: number;
}

/** When to try again after no answer. */
export interface RetryPolicy {
  /** Calls in all, the first included. @default 3 */
  readonly maxAttempts: number;
  /** Wait after a failed call, moved to the next opening when outside hours. @default 30 */
  readonly delayMinutes: number;
}

/** Mon-Fri 09:00-17:00: we do not phone people at 3 am. */
export const DEFAULT_CALLBACK_HOURS: WeeklyHours = [1, 2, 3, 4, 5].map((day) => ({
  day,
  open: '09:00',
  close: '17:00',
}));

/** Callback settings with every default, for a consent text. */
export function callbackSettings(
  consentText: string,
  extra: Partial<CallbackSettings> = {},
): CallbackSettings {
  return {
    consentText,
    hours: DEFAULT_CALLBACK_HOURS,
    slotMinutes: 30,
    daysAhead: 7,
    capacityPerSlot: 2,
    retry: { maxAttempts: 3, delayMinutes: 30 },
    cutOffAfterSec: 120,
    ...extra,
  };
}

/**
 * The hours callbacks are made in: the department's own, or the site's calling hours (in the
 * department's zone, with its holidays) when the department is always open.
 * @example callbackHours(department, settings).hours // department.hours unless empty
 */
export function callbackHours(
  department: Pick<Department, 'timeZone' | 'hours' | 'holidays'>,
  settings: Pick<CallbackSettings, 'hours'>,
): Hours {
  return {
    timeZone: department.timeZone,
    hours: department.hours.length > 0 ? department.hours : settings.hours,
    holidays: department.holidays,
  };
}

/** What a visitor may book in one department. */
export interface Availability {
  /** "As soon as possible" can be offered: open now, or opening within 24 hours. */
  asap: boolean;
  /** When an as-soon-as-possible callback falls due (now, or the next opening), or null. */
  asapAt: number | null;
  /** Bookable windows, in order. */
  slots: TimeWindow[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The instant a local wall-clock time falls on (the later reading when the clock skipped it). */
function instantOf(wallMs: number, timeZone: string): number {
  const offset = (t: number) => localTime(t, timeZone).wallMs - (t - (t % MINUTE));
  const guess = wallMs - offset(wallMs);
  return wallMs - offset(guess);
}

/** Windows overlap when each starts before the other ends. */
export const overlaps = (a: TimeWindow, b: TimeWindow) => a.start < b.end && b.start < a.end;

/** Callbacks that hold a place in a slot: scheduled (or being called) with a window. */
const holdsPlace = (c: Callback, departmentId: string) =>
  c.departmentId === departmentId &&
  (c.status === 'scheduled' || c.status === 'calling') &&
  c.window !== null;

/**
 * The callback slots of a department from `now`: windows of `slotMinutes` on the local clock
 * (09:00, 09:30...), starting at the next slot boundary, up to `daysAhead` days, each fully inside
 * the calling hours (see `callbackHours`), never on a holiday, and with fewer than
 * `capacityPerSlot` open callbacks whose window overlaps it. Pure.
 * @example callbackSlots(department, settings, [...state.callbacks.values()], Date.now()).slots[0]
 */
export function callbackSlots(
  department: Department,
  settings: CallbackSettings,
  openCallbacks: Iterable<Callback>,
  now: number,
): Availability {
  const hours = callbackHours(department, settings);
  const slotMs = settings.slotMinutes * MINUTE;
  const taken = [...openCallbacks].filter((c) => holdsPlace(c, department.id));
  const full = (window: TimeWindow) =>
    taken.filter((c) => overlaps(c.window!, window)).length >= settings.capacityPerSlot;
  const horizon = now + settings.daysAhead * DAY;
  const start = localTime(now, hours.timeZone);
  const firstDayWall = start.wallMs - start.minute * MINUTE;
  const slots: TimeWindow[] = [];
  const seen = new Set<number>();
  // One day more than asked for: local days and the horizon do not line up.
  for (let day = 0; day <= settings.daysAhead + 1; day++) {
    const dayWall = firstDayWall + day * DAY;
    const date = new Date(dayWall).toISOString().slice(0, 10);
    if (hours.holidays.includes(date)) continue;
    const weekday = new Date(dayWall).getUTCDay();
    for (const range of hours.hours) {
      if (range.day !== weekday) continue;
      const open = instantOf(dayWall + toMinutes(range.open) * MINUTE, hours.timeZone);
      const close = instantOf(dayWall + toMinutes(range.close) * MINUTE, hours.timeZone);
      // Slot boundaries on the local clock, counted from midnight.
      const first = Math.floor(toMinutes(range.open) / settings.slotMinutes) * settings.slotMinutes;
      for (let minute = first; minute < toMinutes(range.close); minute += settings.slotMinutes) {
        const slotStart = instantOf(dayWall + minute * MINUTE, hours.timeZone);
        const window = { start: slotStart, end: slotStart + slotMs };
        if (window.start < open || window.end > close) continue;
        if (window.start < now || window.end > horizon || seen.has(window.start)) continue;
        // The range is one stretch of the day; the ends are checked against holidays and DST.
        if (!isOpen(hours, window.start) || !isOpen(hours, window.end - MINUTE)) continue;
        if (full(window)) continue;
        seen.add(window.start);
        slots.push(window);
      }
    }
  }
  slots.sort((a, b) => a.start - b.start);
  const opening = nextOpening(hours, now);
  const asapAt = opening !== null && opening - now <= DAY ? opening : null;
  return { asap: asapAt !== null, asapAt, slots };
}

/**
 * Whether `window` is one of the slots offered now (same start and end).
 * @example isOffered(availability, { start, end })
 */
export function isOffered(availability: Availability, window: TimeWindow): boolean {
  return availability.slots.some((s) => s.start === window.start && s.end === window.end);
}
