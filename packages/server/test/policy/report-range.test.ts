import { describe, expect, it } from 'vitest';
import {
  exceedsReportRange,
  REPORT_MAX_DAYS,
  REPORT_MAX_RANGE_MS,
} from '../../src/policy/report-range.js';

const DAY = 86_400_000;
const start = Date.UTC(2026, 0, 1);

describe('report range', () => {
  it('allows up to 366 days (a leap year) and refuses a millisecond more', () => {
    expect(REPORT_MAX_DAYS).toBe(366);
    expect(REPORT_MAX_RANGE_MS).toBe(366 * DAY);
    expect(exceedsReportRange(start, start + DAY)).toBe(false);
    expect(exceedsReportRange(start, start + 366 * DAY)).toBe(false);
    expect(exceedsReportRange(start, start + 366 * DAY + 1)).toBe(true);
    expect(exceedsReportRange(0, 50 * 365 * DAY)).toBe(true);
  });
});
