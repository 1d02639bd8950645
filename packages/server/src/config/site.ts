import * as z from 'zod';
import { count, identifier, minutes, origin, seconds, WeeklyHours } from './fields.js';

// A site's part of the config: origins, widget look, pre-chat, callbacks, identity, priority.

export const Prechat = z.strictObject({
  fields: z
    .array(
      z.strictObject({
        name: z.enum(['name', 'email', 'phone', 'topic']),
        required: z.boolean().default(false),
      }),
    )
    .default([]),
  topics: z
    .array(
      z.strictObject({
        id: identifier,
        label: z.string().min(1, 'must not be empty').max(300),
        departmentId: identifier,
        skills: z.array(identifier).default([]),
      }),
    )
    .default([]),
});

const DEFAULT_CALLBACK_HOURS = [1, 2, 3, 4, 5].map((day) => ({
  day,
  open: '09:00',
  close: '17:00',
}));

/** A site's callback requests: present when the site offers them. */
export const SiteCallback = z.strictObject({
  /** The consent line shown above the send button. */
  consentText: z.string().min(1, 'must not be empty').max(1000),
  /** Country for numbers written without +, when the visitor's locale names none. */
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 country code like DE')
    .optional(),
  /** Calling hours for departments that are always open, in the department's time zone. */
  hours: WeeklyHours.default(DEFAULT_CALLBACK_HOURS),
  slotMinutes: minutes(30, 240).refine((m) => 1440 % m === 0, {
    error: 'must divide a day evenly (15, 20, 30, 60...)',
  }),
  daysAhead: count(7, 30),
  capacityPerSlot: count(2, 100),
  retry: z
    .strictObject({ maxAttempts: count(3, 10), delayMinutes: minutes(30, 1440) })
    .default({ maxAttempts: 3, delayMinutes: 30 }),
  cutOffAfterSec: z
    .number()
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1')
    .default(120),
  rateLimits: z
    .strictObject({
      perVisitorPerHour: count(5, 10_000),
      perIpPerHour: count(10, 10_000),
      perNumberPerDay: count(3, 10_000),
    })
    .default({ perVisitorPerHour: 5, perIpPerHour: 10, perNumberPerDay: 3 }),
});

/** How the widget looks; the widget's defaults for any field left out. */
const Theme = z.strictObject({
  position: z.enum(['left', 'right'], { error: 'must be "left" or "right"' }).default('right'),
  offsetX: z
    .number()
    .int('must be a whole number of pixels')
    .min(0, 'must be 0 to 200 pixels')
    .max(200, 'must be 0 to 200 pixels')
    .default(20),
  offsetY: z
    .number()
    .int('must be a whole number of pixels')
    .min(0, 'must be 0 to 200 pixels')
    .max(200, 'must be 0 to 200 pixels')
    .default(20),
  launcherLabel: z
    .string()
    .min(1, 'must not be empty')
    .max(40, 'must be at most 40 characters')
    .optional(),
  mode: z
    .enum(['light', 'dark', 'auto'], { error: 'must be "light", "dark" or "auto"' })
    .default('auto'),
  sound: z.boolean().default(false),
});

/** A proactive greeting: after `afterSec` on a page matching `urlPattern` (`*` any characters). */
const Trigger = z.strictObject({
  id: identifier,
  message: z.string().min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
  afterSec: z
    .number()
    .int('must be a whole number of seconds')
    .min(0, 'must be 0 to 3600 seconds')
    .max(3600, 'must be 0 to 3600 seconds')
    .default(0),
  urlPattern: z
    .string()
    .min(1, 'must not be empty')
    .max(200)
    .regex(/^\//, 'must be a URL path pattern starting with "/", like /pricing*')
    .optional(),
});

/** Identity verification: `identify` with `userHash` = HMAC-SHA256(userId, secret). */
const Identity = z.strictObject({
  /** Better from `SWITCHBOARD_IDENTITY_SECRET_<SITE_ID>`; never a real one in a committed file. */
  secret: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Refuse `identify` without a valid hash. */
  required: z.boolean().default(false),
});

/**
 * Queue priority for verified visitors: one whose attribute `attribute` equals `equals` waits at
 * `priority`; the highest matching rule wins, anyone else waits at 0.
 */
const PriorityRule = z.strictObject({
  attribute: z
    .string()
    .regex(
      /^[A-Za-z0-9_.-]{1,64}$/,
      'must be an attribute name: 1-64 of A-Z, a-z, 0-9, "_", "." or "-"',
    ),
  equals: z.union([z.string().max(500), z.number().refine(Number.isFinite), z.boolean()], {
    error: 'must be a string, a number or true/false',
  }),
  priority: z
    .number()
    .int('must be a whole number from 0 to 10')
    .min(0, 'must be a whole number from 0 to 10')
    .max(10, 'must be a whole number from 0 to 10'),
});

export const Site = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1-64 characters: a-z, 0-9, "-" or "_"'),
  name: z.string().min(1, 'must not be empty').max(300),
  origins: z.array(origin).default([]),
  greeting: z.string().max(1000).optional(),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f6f5c')
    .optional(),
  /** The form before the first message; none when absent. */
  prechat: Prechat.optional(),
  /** Where conversations go when neither the page nor a topic says. @default the first department */
  defaultDepartmentId: identifier.optional(),
  /** Past this estimated wait, the visitor is offered to leave a message. */
  waitThresholdSec: seconds(240),
  /** Other ways to get help the widget may offer (FAQ, callback: later issues). */
  alternatives: z.array(z.enum(['message', 'faq', 'callback'])).default([]),
  /** Callback requests; the site offers none when absent. */
  callback: SiteCallback.optional(),
  /** Help articles: a folder of Markdown files (relative to the config file, or the cwd). */
  content: z.strictObject({ dir: z.string().min(1, 'must not be empty') }).optional(),
  /** Placement and look of the widget (console edits are saved over it). */
  theme: Theme.prefault({}),
  /** Proactive greetings (console edits are saved over them). */
  triggers: z.array(Trigger).max(20, 'must be at most 20 triggers').default([]),
  /** Identity verification; `identify` without a secret stores details unverified. */
  identity: Identity.optional(),
  /** Queue priority by a verified visitor's attributes (visitors never set their own). */
  priorityRules: z.array(PriorityRule).max(50, 'must be at most 50 rules').optional(),
});

/** A site as configured: id, display name, allowed origins, widget settings. */
export type SiteConfig = z.output<typeof Site>;
/** A site's callback settings as configured, defaults applied. */
export type SiteCallbackConfig = z.output<typeof SiteCallback>;
/** A site's widget theme as configured, defaults applied. */
export type ThemeConfig = z.output<typeof Theme>;
/** A proactive greeting as configured. */
export type TriggerConfig = z.output<typeof Trigger>;
/** A site's pre-chat form as configured, defaults applied. */
export type PrechatConfig = z.output<typeof Prechat>;
