// The rules a department's settings follow, as plain values (no zod), so the schemas in model.ts,
// the relay's config file schema and the console's forms all read them from one place.

/** How routing picks the agent for the next conversation in a department's queue. */
export const STRATEGIES = ['longest-idle', 'least-busy', 'round-robin'] as const;

/** An opening time: `HH:MM`, 24-hour, local time. */
export const OPEN_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A closing time: `HH:MM`, or `24:00` for midnight at the end of the day. */
export const CLOSE_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** A holiday: a date `YYYY-MM-DD` in the department's time zone. */
export const HOLIDAY_DATE = /^\d{4}-\d{2}-\d{2}$/;
