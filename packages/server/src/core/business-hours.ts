import type { Department } from '@switchboard/shared';

/** Opening hours only: what `isOpen` and `nextChange` read of a department. */
export type Hours = Pick<Department, 'timeZone' | 'hours' | 'holidays'>;

/** A moment as seen on a wall clock in one time zone. */
export interface LocalTime {
  /** `YYYY-MM-DD` */
  date: string;
  /** 0 = Sunday ... 6 = Saturday */
  weekday: number;
  /** Minutes since local midnight. */
  minute: number;
  /** The local wall-clock time as if it were UTC, in ms (for offsets). */
  wallMs: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/**
 * The wall-clock time at `at` in `timeZone` (IANA name). Throws a RangeError for an unknown zone.
 * @example localTime(Date.UTC(2026, 2, 29, 1), 'Europe/Berlin').minute // 180 (03:00 CEST)
 */
export function localTime(at: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(at)) parts[part.type] = part.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
    minute: hour * 60 + minute,
    wallMs: Date.UTC(year, month - 1, day, hour, minute),
  };
}

/**
 * Whether a valid IANA time zone name.
 * @example isTimeZone('Europe/Berlin') // true
 */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether the department is open at `at`: not a holiday (local date), and inside one of the day's
 * opening ranges (local time, `close` exclusive, `24:00` = end of day). No ranges = always open
 * (holidays still close it).
 * @example isOpen({ timeZone: 'UTC', hours: [], holidays: [] }, Date.now()) // true
 */
export function isOpen(department: Hours, at: number): boolean {
  const local = localTime(at, department.timeZone);
  if (department.holidays.includes(local.date)) return false;
  if (department.hours.length === 0) return true;
  return department.hours.some(
    (range) =>
      range.day === local.weekday &&
      toMinutes(range.open) <= local.minute &&
      local.minute < toMinutes(range.close),
  );
}

/** The instant a local wall-clock time falls on (the later reading when the clock skipped it). */
function instantOf(wallMs: number, timeZone: string): number {
  const offset = (t: number) => localTime(t, timeZone).wallMs - (t - (t % MINUTE));
  const guess = wallMs - offset(wallMs);
  return wallMs - offset(guess);
}

/**
 * The next instant after `at` when the department opens or closes, or null when it never changes
 * (always open, no holidays ahead) within `horizonDays`. Exact to the minute, across DST switches.
 * @example nextChange(department, Date.now()) // the next opening while closed
 */
export function nextChange(department: Hours, at: number, horizonDays = 400): number | null {
  const now = at - (at % MINUTE);
  const state = isOpen(department, at);
  const start = localTime(at, department.timeZone);
  const startDay = start.wallMs - start.minute * MINUTE;
  const boundaries = [
    0,
    ...department.hours.flatMap((r) => [toMinutes(r.open), toMinutes(r.close)]),
  ];
  let previous = now;
  for (let day = 0; day <= horizonDays; day++) {
    const dayWall = startDay + day * DAY;
    const candidates = [...new Set(boundaries)]
      .map((minute) => instantOf(dayWall + minute * MINUTE, department.timeZone))
      .filter((t) => t > now)
      .sort((a, b) => a - b);
    for (const candidate of candidates) {
      if (candidate <= previous) continue;
      if (isOpen(department, candidate) !== state)
        return firstFlip(department, state, previous, candidate);
      previous = candidate;
    }
    // Always open and no holiday ahead: nothing changes, whatever the horizon.
    if (department.hours.length === 0 && department.holidays.every((h) => h < start.date))
      return null;
  }
  return null;
}

/** The first minute in (from, to] whose state is not `state` (`to`'s is not). */
function firstFlip(department: Hours, state: boolean, from: number, to: number): number {
  let low = from; // state here
  let high = to; // not state here
  while (high - low > MINUTE) {
    const mid = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
    if (isOpen(department, mid) === state) low = mid;
    else high = mid;
  }
  return high;
}

/**
 * When the department next opens: `at` itself when open, else the next change (null if never).
 * @example nextOpening(department, Date.now())
 */
export function nextOpening(department: Hours, at: number): number | null {
  return isOpen(department, at) ? at : nextChange(department, at);
}
