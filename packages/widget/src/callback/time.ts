import type { TimeWindow } from '@switchboard/shared';

// Callback times, shown in the visitor's own time zone. Pure (Intl only), and small: the lazy
// status card (chat-views) uses it as well as the lazy callback form.

/** Where and how to show times. Both default to the browser's. */
export interface TimeOptions {
  /** BCP 47 locale. @example 'en-GB' */
  locale?: string | undefined;
  /** IANA time zone. @example 'Europe/Berlin' */
  timeZone?: string | undefined;
}

/** A slot ready to render: its window and its time label (`14:00–14:30`). */
export interface SlotChoice {
  window: TimeWindow;
  /** Stable key for the slot: its start, in ms. */
  key: string;
  label: string;
}

/** The slots of one local day, in order. */
export interface SlotDay {
  /** The local date, `YYYY-MM-DD`. */
  key: string;
  /** Short day label, e.g. `Tue 24 Nov` (en-GB). */
  label: string;
  slots: SlotChoice[];
}

function format(options: TimeOptions, parts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const zone = options.timeZone ? { timeZone: options.timeZone } : {};
  return new Intl.DateTimeFormat(options.locale, { ...parts, ...zone });
}

function timeRange(options: TimeOptions): (window: TimeWindow) => string {
  const time = format(options, { hour: '2-digit', minute: '2-digit' });
  return (window) => `${time.format(window.start)}–${time.format(window.end)}`;
}

/**
 * Group offered slots by the visitor's local day (not the UTC day), keeping their order, with
 * day labels like `Tue 24 Nov` and time labels like `14:00–14:30`. A daylight-saving change only
 * shifts the labels; no slot is invented or dropped.
 * @example groupSlotsByDay(slots, { locale: 'en-GB', timeZone: 'Europe/Berlin' })
 */
export function groupSlotsByDay(
  slots: readonly TimeWindow[],
  options: TimeOptions = {},
): SlotDay[] {
  const iso = format(
    { ...options, locale: 'en-CA' },
    {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    },
  );
  const day = format(options, { weekday: 'short', day: 'numeric', month: 'short' });
  const range = timeRange(options);
  const days: SlotDay[] = [];
  for (const window of [...slots].sort((a, b) => a.start - b.start)) {
    const key = iso.format(window.start);
    let group = days.at(-1);
    if (group?.key !== key) {
      group = { key, label: day.format(window.start).replace(',', ''), slots: [] };
      days.push(group);
    }
    group.slots.push({ window, key: String(window.start), label: range(window) });
  }
  return days;
}

/**
 * A callback window in words, in the visitor's time: `Tuesday 24 November, 14:00–14:30` (en-GB).
 * @example formatWindow({ start, end }, { locale: 'en-GB', timeZone: 'Europe/London' })
 */
export function formatWindow(window: TimeWindow, options: TimeOptions = {}): string {
  const date = format(options, { weekday: 'long', day: 'numeric', month: 'long' });
  return `${date.format(window.start)}, ${timeRange(options)(window)}`;
}
