import type { CsvExportQuery } from '../client/csv-export.js';

/** The longest range the relay reports on (`kpi.get`, the CSV exports): 366 days, DST included. */
const MAX_RANGE_MS = 366 * 24 * 3_600_000 + 3_600_000;

/** The range presets of the Reports view. */
export type RangePreset = 'today' | 'yesterday' | 'last7' | 'last30' | 'custom';
/** The presets in the order the view offers them. */
export const PRESETS: readonly RangePreset[] = ['today', 'yesterday', 'last7', 'last30', 'custom'];

/** What the Reports view asks the relay (`kpi.get`) and exports: range, filters and bucket. */
export interface ReportQuery extends CsvExportQuery {
  bucket: 'hour' | 'day';
}

/** `YYYY-MM-DD` of a local date, as `<input type="date">` holds it. */
export function dateInputValue(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight of the day of `at`, `plusDays` later. */
export function localMidnight(at: number, plusDays = 0): number {
  const d = new Date(at);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + plusDays).getTime();
}

function parseDate(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
}

/**
 * The range of a preset in the supervisor's local days, `to` exclusive (next midnight), so it only
 * moves at midnight: today, yesterday, the last 7 or 30 days including today, or the custom dates
 * (both inclusive). Null for custom dates that are missing or the wrong way round.
 * @example presetRange('yesterday', now) // { from: yesterday 00:00, to: today 00:00 }
 */
export function presetRange(
  preset: RangePreset,
  now: number,
  custom: { from: string; to: string } = { from: '', to: '' },
): { from: number; to: number } | null {
  const today = localMidnight(now);
  switch (preset) {
    case 'today':
      return { from: today, to: localMidnight(now, 1) };
    case 'yesterday':
      return { from: localMidnight(now, -1), to: today };
    case 'last7':
      return { from: localMidnight(now, -6), to: localMidnight(now, 1) };
    case 'last30':
      return { from: localMidnight(now, -29), to: localMidnight(now, 1) };
    case 'custom': {
      const from = parseDate(custom.from);
      const last = parseDate(custom.to);
      if (from === null || last === null || last < from) return null;
      const to = localMidnight(last, 1);
      // The relay reports and exports at most 366 days at a time.
      return to - from > MAX_RANGE_MS ? null : { from, to };
    }
  }
}
