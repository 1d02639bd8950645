import { CLOSE_TIME, OPEN_TIME } from '@switchboard/shared';
import * as z from 'zod';

// The building blocks of the config schema: field rules with the readable messages operators see.

export const origin = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
    } catch {
      return false;
    }
  },
  { error: 'must be an origin like https://shop.example (scheme, host and port; no path)' },
);

/** A PostgreSQL connection URL (`postgres://user:password@host:port/database`). */
export const postgresUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value.trim());
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.host !== '';
    } catch {
      return false;
    }
  },
  {
    error:
      'must be a PostgreSQL URL like postgres://switchboard:password@db.internal:5432/switchboard',
  },
);

/** A Redis connection URL (`redis://host:6379`, `rediss://` for TLS). */
export const redisUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value.trim());
      return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.host !== '';
    } catch {
      return false;
    }
  },
  { error: 'must be a Redis URL like redis://redis.internal:6379' },
);

export const httpUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  },
  { error: 'must be an http(s) URL like https://chat.example.com' },
);

export const identifier = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1-64 characters: a-z, 0-9, "-" or "_"');

export const timeZone = z.string().refine(
  (value) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  },
  { error: 'must be an IANA time zone like Europe/Berlin' },
);

/** Weekly opening ranges: shared's `WeeklyHours` rules, with the config's own error messages. */
export const WeeklyHours = z.array(
  z.strictObject({
    day: z.number().int().min(0, 'must be 0 (Sunday) to 6').max(6, 'must be 0 (Sunday) to 6'),
    open: z.string().regex(OPEN_TIME, 'must be HH:MM, 24-hour'),
    close: z.string().regex(CLOSE_TIME, 'must be HH:MM or 24:00'),
  }),
);

export const seconds = (fallback: number) =>
  z
    .number()
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1')
    .default(fallback);

export const minutes = (fallback: number, max: number) =>
  z
    .number()
    .int('must be a whole number of minutes')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .default(fallback);
export const count = (fallback: number, max: number) =>
  z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .default(fallback);

export const perUnit = (fallback: number) =>
  z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(10_000_000, 'must be at most 10000000')
    .default(fallback);

/** Ids must be unique within a list. */
export const uniqueIds = <T extends { id: string }>(
  items: readonly T[],
  ctx: z.RefinementCtx<T[]>,
) => {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id))
      ctx.addIssue({ code: 'custom', path: [i, 'id'], message: 'is used twice' });
    seen.add(item.id);
  });
};
