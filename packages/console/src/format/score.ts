import { en } from '../i18n/en.js';

/** A score or an average to one decimal ("4.5"); a dash when there is none. */
export function formatScore(value: number | null | undefined): string {
  if (value === null || value === undefined) return en.quality.none;
  return value.toFixed(1);
}
