import { en } from '../i18n/en.js';

const UNITS: ReadonlyArray<readonly [Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/**
 * How long ago `at` was, for lists: "just now", "2 min. ago", "3 hr. ago", "yesterday".
 * @example formatRelative(Date.now() - 120_000, Date.now()) // '2 min. ago'
 */
export function formatRelative(at: number, now: number, locale?: string): string {
  const elapsed = Math.max(0, now - at);
  const format = new Intl.RelativeTimeFormat(locale ?? 'en', { numeric: 'auto', style: 'short' });
  for (const [unit, size] of UNITS) {
    if (elapsed >= size) return format.format(-Math.floor(elapsed / size), unit);
  }
  return en.time.justNow;
}

/**
 * Clock time in the agent's locale, e.g. "14:05" or "2:05 PM".
 * @example formatClock(event.at)
 */
export function formatClock(at: number, locale?: string, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
  if (timeZone) options.timeZone = timeZone;
  try {
    return new Intl.DateTimeFormat(locale, options).format(at);
  } catch {
    // An unknown time zone from a visitor's browser: fall back to the agent's own clock.
    return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(at);
  }
}

/**
 * The visitor's wall-clock time now, or null when their time zone is unknown to this browser.
 * @example localTimeIn('Europe/Paris', Date.now()) // '14:05'
 */
export function localTimeIn(timeZone: string, now: number, locale?: string): string | null {
  try {
    return new Intl.DateTimeFormat(locale, {
      timeZone,
      hour: 'numeric',
      minute: '2-digit',
    }).format(now);
  } catch {
    return null;
  }
}

/**
 * Date and time for details, e.g. "Mar 4, 2:05 PM".
 * @example formatDateTime(summary.createdAt)
 */
export function formatDateTime(at: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(at);
}

/**
 * A duration for people: "45 s", "2 min", "1 h 5 min".
 * @example formatDuration(125_000) // '2 min'
 */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/**
 * A time window in the agent's own time: "Mar 4, 2:00 PM–2:30 PM", or both dates when it spans
 * midnight.
 * @example formatWindow(callback.window)
 */
export function formatWindow(window: { start: number; end: number }, locale?: string): string {
  const sameDay = new Date(window.start).toDateString() === new Date(window.end).toDateString();
  const end = sameDay ? formatClock(window.end, locale) : formatDateTime(window.end, locale);
  return `${formatDateTime(window.start, locale)}–${end}`;
}
