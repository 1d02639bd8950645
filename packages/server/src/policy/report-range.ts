/**
 * How long a range one report or export may cover: the logs of the whole range are read into
 * memory, so an hourly report over decades would take the relay's memory. One rule for the
 * socket's `kpi.get` and the HTTP CSV export.
 */
export const REPORT_MAX_DAYS = 366;

const DAY_MS = 86_400_000;

/** The longest range, in milliseconds. */
export const REPORT_MAX_RANGE_MS = REPORT_MAX_DAYS * DAY_MS;

/** True when `from`..`to` (ms since 1970) is longer than one report may cover. */
export function exceedsReportRange(from: number, to: number): boolean {
  return to - from > REPORT_MAX_RANGE_MS;
}
