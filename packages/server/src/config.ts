import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CLOSE_TIME, cleanName, HOLIDAY_DATE, OPEN_TIME, STRATEGIES } from '@switchboard/shared';
import * as z from 'zod';
import {
  DEMO_CALLBACK,
  DEMO_CANNED,
  DEMO_CONTENT_DIR,
  DEMO_DEPARTMENTS,
  DEMO_PRECHAT,
  DEMO_SITE,
  DEMO_THEME,
  DEMO_TRIGGERS,
} from './demo/site.js';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

const origin = z.string().refine(
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

const httpUrl = z.string().refine(
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

const identifier = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1-64 characters: a-z, 0-9, "-" or "_"');

const timeZone = z.string().refine(
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
const WeeklyHours = z.array(
  z.strictObject({
    day: z.number().int().min(0, 'must be 0 (Sunday) to 6').max(6, 'must be 0 (Sunday) to 6'),
    open: z.string().regex(OPEN_TIME, 'must be HH:MM, 24-hour'),
    close: z.string().regex(CLOSE_TIME, 'must be HH:MM or 24:00'),
  }),
);

const Department = z.strictObject({
  id: identifier,
  name: z.string().min(1, 'must not be empty').max(300),
  skills: z.array(identifier).default([]),
  /** Agents by email (or id). Merged with `agents[].departmentIds`. */
  agentIds: z.array(z.string().min(1)).default([]),
  timeZone: timeZone.default('UTC'),
  hours: WeeklyHours.default([]),
  holidays: z.array(z.string().regex(HOLIDAY_DATE, 'must be YYYY-MM-DD')).default([]),
  strategy: z.enum(STRATEGIES).default('longest-idle'),
  offerTimeoutSec: z
    .number()
    .int()
    .min(5, 'must be 5 to 600 seconds')
    .max(600, 'must be 5 to 600 seconds')
    .default(30),
  autoAccept: z.boolean().default(false),
});

const Prechat = z.strictObject({
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

const Canned = z.strictObject({
  id: identifier.optional(),
  shortcut: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be 1-32 characters: a-z, 0-9, "-" or "_"'),
  title: z.string().min(1, 'must not be empty').max(300),
  text: z.string().min(1, 'must not be empty').max(5000),
});

const seconds = (fallback: number) =>
  z
    .number()
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1')
    .default(fallback);

const minutes = (fallback: number, max: number) =>
  z
    .number()
    .int('must be a whole number of minutes')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .default(fallback);
const count = (fallback: number, max: number) =>
  z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .default(fallback);

const DEFAULT_CALLBACK_HOURS = [1, 2, 3, 4, 5].map((day) => ({
  day,
  open: '09:00',
  close: '17:00',
}));

/** A site's callback requests: present when the site offers them. */
const SiteCallback = z.strictObject({
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

const Webhook = z.strictObject({
  url: z.string().refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:';
      } catch {
        return false;
      }
    },
    { error: 'must be an http(s) URL like https://crm.example/hooks/switchboard' },
  ),
  /** The name of the environment variable holding the signing secret (never the secret). */
  secretEnv: z
    .string()
    .regex(
      /^[A-Z_][A-Z0-9_]*$/,
      'must be the NAME of an environment variable, like CRM_WEBHOOK_SECRET',
    ),
  /** @default every event */
  events: z
    .array(z.enum(['callback.requested', 'callback.updated', 'callback.completed']))
    .min(1, 'must name at least one event (or leave it out for all)')
    .optional(),
});

/** What an API key may do; a key holds only the scopes it lists. */
export const API_SCOPES = ['callbacks:read', 'callbacks:write', 'export:read'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

const ApiKey = z.strictObject({
  name: z.string().min(1, 'must not be empty').max(100),
  /**
   * What the key may do: `callbacks:read` (GET /api/v1/callbacks), `callbacks:write` (PATCH a
   * callback), `export:read` (the CSV exports). @default ["callbacks:read", "callbacks:write"]
   */
  scopes: z
    .array(
      z.enum(API_SCOPES, {
        error: `must be one of ${API_SCOPES.map((s) => `"${s}"`).join(', ')}`,
      }),
    )
    .min(1, 'must name at least one scope')
    .default(['callbacks:read', 'callbacks:write']),
  keyHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be the sha256 hex printed by `switchboard create-api-key`'),
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

const Site = z.strictObject({
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

const Agent = z.strictObject({
  email: z.email('must be an email address').max(254),
  /** Shown to visitors: cleaned like the names people type (no bidi overrides, invisibles, controls). */
  name: z
    .string()
    .max(300)
    .transform(cleanName)
    .pipe(z.string().min(1, 'must not be empty (after removing invisible characters)')),
  passwordHash: z
    .string()
    .regex(
      /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=_-]+\$[A-Za-z0-9+/=_-]+$/,
      'must be a hash printed by `switchboard hash-password`',
    ),
  role: z.enum(['agent', 'supervisor']).default('agent'),
  /** Most conversations at once. */
  capacity: z.number().int().min(1, 'must be at least 1').max(50, 'must be at most 50').default(3),
  skills: z.array(identifier).default([]),
  /** Departments this agent serves, merged into the departments' `agentIds` at start-up. */
  departmentIds: z.array(identifier).default([]),
});

const perUnit = (fallback: number) =>
  z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(10_000_000, 'must be at most 10000000')
    .default(fallback);

/** The abuse limits' defaults: generous for people, tight for scripts. */
export const DEFAULT_LIMITS = {
  connectionsPerIp: 100,
  handshakesPerIpPerMinute: 300,
  messagesPerVisitorPerMinute: 30,
  messagesPerIpPerMinute: 300,
  framesPerSocketPerSecond: 20,
  openConversationsPerVisitor: 3,
  agentLoginsPerIpPerMinute: 10,
  searchesPerVisitorPerMinute: 120,
  searchesPerIpPerMinute: 600,
  agentLoginFailuresPerAccount: 5,
  agentLoginBackoffMaxSec: 30,
} as const;

/** Abuse limits (per relay process, in memory). Each refusal is a typed `RATE_LIMITED`. */
const Limits = z.strictObject({
  /** Visitor sockets open at once from one address (a company NAT shares one). */
  connectionsPerIp: perUnit(DEFAULT_LIMITS.connectionsPerIp),
  /** New visitor connections per address per minute. */
  handshakesPerIpPerMinute: perUnit(DEFAULT_LIMITS.handshakesPerIpPerMinute),
  /** `chat.send` per visitor (all their tabs) per minute. */
  messagesPerVisitorPerMinute: perUnit(DEFAULT_LIMITS.messagesPerVisitorPerMinute),
  /** `chat.send` per address per minute. */
  messagesPerIpPerMinute: perUnit(DEFAULT_LIMITS.messagesPerIpPerMinute),
  /** Frames of any type per socket per second (typing, sync, search...). */
  framesPerSocketPerSecond: perUnit(DEFAULT_LIMITS.framesPerSocketPerSecond),
  /**
   * Open chats plus waiting callbacks a visitor may hold at once (the core keeps one chat per
   * visitor, so this caps the callbacks that could pile up beside it).
   */
  openConversationsPerVisitor: perUnit(DEFAULT_LIMITS.openConversationsPerVisitor),
  /** `POST /api/agent/login` attempts per address per minute. */
  agentLoginsPerIpPerMinute: perUnit(DEFAULT_LIMITS.agentLoginsPerIpPerMinute),
  /**
   * `faq.search` per visitor (all their tabs) per minute; also at most a tenth of it (at least 5)
   * in any one second, so a burst cannot spend the minute's searches at once.
   */
  searchesPerVisitorPerMinute: perUnit(DEFAULT_LIMITS.searchesPerVisitorPerMinute),
  /** `faq.search` per address per minute; likewise at most a tenth of it in any one second. */
  searchesPerIpPerMinute: perUnit(DEFAULT_LIMITS.searchesPerIpPerMinute),
  /** Wrong passwords in a row for one account (from any address) before it must wait. */
  agentLoginFailuresPerAccount: perUnit(DEFAULT_LIMITS.agentLoginFailuresPerAccount),
  /** The longest such wait, in seconds (1, 2, 4… up to this). */
  agentLoginBackoffMaxSec: z
    .number()
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1')
    .max(3600, 'must be at most 3600')
    .default(DEFAULT_LIMITS.agentLoginBackoffMaxSec),
  /**
   * Raw connections (engine.io, any namespace or none) open at once from one address. Left out:
   * `connectionsPerIp` + 100.
   */
  allConnectionsPerIp: z.optional(perUnit(1).unwrap()),
});

/** The wrap-up codes when none are configured. */
export const DEFAULT_DISPOSITIONS = [
  { id: 'order-status', label: 'Order status' },
  { id: 'return-refund', label: 'Return or refund' },
  { id: 'product-question', label: 'Product question' },
  { id: 'technical-issue', label: 'Technical issue' },
  { id: 'billing', label: 'Billing' },
  { id: 'complaint', label: 'Complaint' },
  { id: 'other', label: 'Other' },
] as const;

/** The QA scorecard when none is configured. */
export const DEFAULT_QA_CRITERIA = [
  {
    id: 'accuracy',
    label: 'Accuracy',
    description: 'The answers were correct and complete, and followed policy.',
  },
  {
    id: 'empathy',
    label: 'Empathy',
    description: "The agent acknowledged the customer's situation and kept a warm tone.",
  },
  {
    id: 'compliance',
    label: 'Compliance',
    description: 'Identity checks, privacy and required wording were handled properly.',
  },
  {
    id: 'ownership',
    label: 'Ownership',
    description: 'The agent took charge, set clear next steps and followed through.',
  },
] as const;

const Disposition = z.strictObject({
  id: identifier,
  label: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
});

const QaCriterion = z.strictObject({
  id: identifier,
  label: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: z.string().max(500, 'must be at most 500 characters').optional(),
});

/** Ids must be unique within a list. */
const uniqueIds = <T extends { id: string }>(items: readonly T[], ctx: z.RefinementCtx<T[]>) => {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id))
      ctx.addIssue({ code: 'custom', path: [i, 'id'], message: 'is used twice' });
    seen.add(item.id);
  });
};

/** The configuration schema: what a config file may hold, after env variables are merged in. */
export const ConfigSchema = z
  .strictObject({
    port: z
      .number({ error: 'must be a whole number from 0 to 65535' })
      .int('must be a whole number from 0 to 65535')
      .min(0, 'must be a whole number from 0 to 65535')
      .max(65535, 'must be a whole number from 0 to 65535')
      .default(8080),
    host: z.string().min(1, 'must not be empty').default('0.0.0.0'),
    dataDir: z.string().min(1, 'must not be empty').default('./data'),
    publicUrl: httpUrl.optional(),
    /** Token-signing secret; only from `SWITCHBOARD_SECRET`, never from a file in the repo. */
    secret: z.string().min(16, 'must be at least 16 characters').optional(),
    sites: z.array(Site).default([]),
    agents: z.array(Agent).default([]),
    logLevel: z.enum(LOG_LEVELS).default('info'),
    sqlite: z
      .strictObject({ synchronous: z.enum(['full', 'normal']).default('full') })
      .default({ synchronous: 'full' }),
    departments: z.array(Department).default([]),
    routing: z
      .strictObject({
        disconnectGraceSec: seconds(60),
        abandonAfterSec: seconds(90),
        defaultHandleSec: seconds(300),
      })
      .default({ disconnectGraceSec: 60, abandonAfterSec: 90, defaultHandleSec: 300 }),
    canned: z.array(Canned).default([]),
    /** Signed webhooks for callback changes. */
    webhooks: z.array(Webhook).default([]),
    /** Prometheus `/metrics`: with a token, scrapes must send `Authorization: Bearer <token>`. */
    metrics: z
      .strictObject({
        token: z.string().min(16, 'must be at least 16 characters').optional(),
      })
      .default({}),
    /** Keys of the REST API (`/api/v1`), by their sha256, each with its scopes. */
    apiKeys: z.array(ApiKey).default([]),
    /** Abuse limits; any left out keeps its default (`DEFAULT_LIMITS`). */
    limits: Limits.prefault({}),
    /**
     * Behind a reverse proxy: how many proxies to trust in `X-Forwarded-For` (the client address
     * is the entry that many hops from the right). 0 (default): the socket's own address.
     */
    trustProxy: z
      .number()
      .int('must be a whole number of proxies')
      .min(0, 'must be 0 to 10')
      .max(10, 'must be 0 to 10')
      .default(0),
    /** IANA time zone of "today" (wallboard) and report buckets. @default the machine's, else UTC */
    timeZone: z
      .string()
      .refine((value) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: value });
          return true;
        } catch {
          return false;
        }
      }, 'must be an IANA time zone like Europe/Berlin')
      .optional(),
    /** Wrap-up codes agents pick when they finish a contact. */
    dispositions: z
      .array(Disposition)
      .min(1, 'must hold at least one wrap-up code')
      .max(100, 'must be at most 100 wrap-up codes')
      .superRefine(uniqueIds)
      .default(DEFAULT_DISPOSITIONS.map((d) => ({ ...d }))),
    /** The service-level target: `goal` (0 to 1) of contacts answered within `targetSec`. */
    serviceLevel: z
      .strictObject({
        targetSec: z
          .number()
          .int('must be a whole number of seconds')
          .min(1, 'must be at least 1 second')
          .max(3600, 'must be at most 3600 seconds')
          .default(20),
        goal: z.number().min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1').default(0.8),
      })
      .default({ targetSec: 20, goal: 0.8 }),
    /** A customer back within this many days reopens first contact resolution. */
    fcrWindowDays: z
      .number()
      .int('must be a whole number of days')
      .min(1, 'must be at least 1 day')
      .max(90, 'must be at most 90 days')
      .default(7),
    /** The QA scorecard. */
    qa: z
      .strictObject({
        criteria: z
          .array(QaCriterion)
          .min(1, 'must hold at least one criterion')
          .max(20, 'must be at most 20 criteria')
          .superRefine(uniqueIds)
          .default(DEFAULT_QA_CRITERIA.map((c) => ({ ...c }))),
      })
      .default({ criteria: DEFAULT_QA_CRITERIA.map((c) => ({ ...c })) }),
    /**
     * Serve the builds' source maps (`*.map`) and `/widget/.vite/manifest.json` (debugging only:
     * they show the source). `SWITCHBOARD_SERVE_SOURCE_MAPS=1`. @default false (404)
     */
    serveSourceMaps: z.boolean().default(false),
  })
  .superRefine((config, ctx) => {
    const keyNames = new Set<string>();
    config.apiKeys.forEach((key, i) => {
      if (keyNames.has(key.name))
        ctx.addIssue({ code: 'custom', path: ['apiKeys', i, 'name'], message: 'is used twice' });
      keyNames.add(key.name);
    });
    const seenSites = new Set<string>();
    config.sites.forEach((site, i) => {
      if (seenSites.has(site.id))
        ctx.addIssue({ code: 'custom', path: ['sites', i, 'id'], message: 'is used twice' });
      seenSites.add(site.id);
      const triggerIds = new Set<string>();
      site.triggers.forEach((trigger, j) => {
        if (triggerIds.has(trigger.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['sites', i, 'triggers', j, 'id'],
            message: 'is used twice',
          });
        }
        triggerIds.add(trigger.id);
      });
    });
    const seenEmails = new Set<string>();
    config.agents.forEach((agent, i) => {
      const email = agent.email.toLowerCase();
      if (seenEmails.has(email))
        ctx.addIssue({ code: 'custom', path: ['agents', i, 'email'], message: 'is used twice' });
      seenEmails.add(email);
    });
    const departments = new Set(config.departments.map((d) => d.id));
    config.departments.forEach((department, i) => {
      if (
        departments.size < config.departments.length &&
        config.departments.findIndex((d) => d.id === department.id) !== i
      ) {
        ctx.addIssue({ code: 'custom', path: ['departments', i, 'id'], message: 'is used twice' });
      }
    });
    // With no department configured, the relay makes its own (see docs/operations.md).
    const known = (id: string) =>
      departments.size === 0
        ? config.agents.length === 0
          ? DEMO_DEPARTMENTS.some((d) => d.id === id)
          : id === GENERAL_DEPARTMENT_ID
        : departments.has(id);
    const unknown = 'names no configured department';
    config.sites.forEach((site, i) => {
      if (site.defaultDepartmentId && !known(site.defaultDepartmentId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sites', i, 'defaultDepartmentId'],
          message: unknown,
        });
      }
      site.prechat?.topics.forEach((topic, j) => {
        if (!known(topic.departmentId)) {
          ctx.addIssue({
            code: 'custom',
            path: ['sites', i, 'prechat', 'topics', j, 'departmentId'],
            message: unknown,
          });
        }
      });
    });
    config.agents.forEach((agent, i) => {
      agent.departmentIds.forEach((id, j) => {
        if (!known(id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['agents', i, 'departmentIds', j],
            message: unknown,
          });
        }
      });
    });
    const shortcuts = new Set<string>();
    config.canned.forEach((canned, i) => {
      if (shortcuts.has(canned.shortcut)) {
        ctx.addIssue({ code: 'custom', path: ['canned', i, 'shortcut'], message: 'is used twice' });
      }
      shortcuts.add(canned.shortcut);
    });
  });

/** The one department made when agents are configured but no department is. */
export const GENERAL_DEPARTMENT_ID = 'general';

/** What `createRelay` accepts: every field optional, defaults applied. */
export type ConfigInput = z.input<typeof ConfigSchema>;

/** A site as configured: id, display name, allowed origins, widget settings. */
export type SiteConfig = z.output<typeof Site>;
/** A site's callback settings as configured, defaults applied. */
export type SiteCallbackConfig = z.output<typeof SiteCallback>;
/** A site's widget theme as configured, defaults applied. */
export type ThemeConfig = z.output<typeof Theme>;
/** A proactive greeting as configured. */
export type TriggerConfig = z.output<typeof Trigger>;
/** A webhook as configured. */
export type WebhookConfig = z.output<typeof Webhook>;
/** An API key as configured (its hash). */
export type ApiKeyConfig = z.output<typeof ApiKey>;
/** The abuse limits, defaults filled in. */
export type LimitsConfig = z.output<typeof Limits>;
/** An agent as configured. */
export type AgentConfig = z.output<typeof Agent>;
/** A department as configured, defaults applied (`agentIds` may hold emails). */
export type DepartmentConfig = z.output<typeof Department>;
/** A canned response as configured. */
export type CannedConfig = z.output<typeof Canned>;

/**
 * The validated configuration. `dataDir` is absolute; `sites` has at least one entry; `publicUrl`
 * (the relay's URL when it sits behind a proxy) has no trailing slash.
 */
export type Config = z.output<typeof ConfigSchema>;

/** A configuration that does not validate. The message names every field at fault. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Where each field came from, so an error can say "PORT" rather than "port". */
const ENV_NAMES: Record<string, string> = {
  port: 'PORT',
  host: 'HOST',
  dataDir: 'SWITCHBOARD_DATA_DIR',
  secret: 'SWITCHBOARD_SECRET',
  publicUrl: 'SWITCHBOARD_PUBLIC_URL',
  logLevel: 'LOG_LEVEL',
  metrics: 'SWITCHBOARD_METRICS_TOKEN',
  trustProxy: 'SWITCHBOARD_TRUST_PROXY',
  serveSourceMaps: 'SWITCHBOARD_SERVE_SOURCE_MAPS',
};

function formatIssues(issues: readonly z.core.$ZodIssue[], fromEnv: ReadonlySet<string>): string {
  const lines = issues.flatMap((issue) => {
    const path = issue.path.map(String);
    // A typo in a key reads better as its own line than as "Unrecognized key(s) in object".
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `  - ${[...path, key].join('.')}: is not a known setting`);
    }
    const top = path[0] ?? '';
    const source = fromEnv.has(top) ? ` (from ${ENV_NAMES[top]})` : '';
    return [`  - ${path.join('.') || '(config)'}${source}: ${issue.message}`];
  });
  return `Invalid configuration:\n${lines.join('\n')}`;
}

/**
 * Validate a configuration object and apply defaults. Throws `ConfigError` naming each bad field.
 * @example const config = parseConfig({ port: 0, dataDir: tmpDir })
 */
export function parseConfig(
  input: ConfigInput | Config = {},
  options: { cwd?: string; fromEnv?: ReadonlySet<string>; configDir?: string } = {},
): Config {
  const result = ConfigSchema.safeParse(input);
  if (!result.success)
    throw new ConfigError(formatIssues(result.error.issues, options.fromEnv ?? new Set()));
  const config = result.data;
  const demo = config.agents.length === 0 && config.departments.length === 0;
  return {
    ...config,
    dataDir: resolve(options.cwd ?? process.cwd(), config.dataDir),
    publicUrl: config.publicUrl?.replace(/\/+$/, ''),
    sites:
      config.sites.length > 0
        ? config.sites.map((site) =>
            site.content
              ? {
                  ...site,
                  content: {
                    dir: resolve(
                      options.configDir ?? options.cwd ?? process.cwd(),
                      site.content.dir,
                    ),
                  },
                }
              : site,
          )
        : [
            {
              ...DEMO_SITE,
              origins: [],
              waitThresholdSec: 240,
              alternatives: [],
              callback: SiteCallback.parse(DEMO_CALLBACK),
              content: { dir: DEMO_CONTENT_DIR },
              theme: { ...DEMO_THEME },
              triggers: DEMO_TRIGGERS.map((t) => ({ ...t })),
              ...(demo
                ? {
                    prechat: structuredClone(DEMO_PRECHAT) as unknown as Prechat,
                    defaultDepartmentId: 'orders',
                  }
                : {}),
            },
          ],
    departments:
      config.departments.length > 0
        ? config.departments
        : demo
          ? (structuredClone(DEMO_DEPARTMENTS) as unknown as DepartmentConfig[])
          : [
              {
                ...Department.parse({ id: GENERAL_DEPARTMENT_ID, name: 'General' }),
                agentIds: config.agents.map((a) => a.email.toLowerCase()),
              },
            ],
    canned:
      config.canned.length > 0 || !demo
        ? config.canned
        : (structuredClone(DEMO_CANNED) as unknown as CannedConfig[]),
  };
}

type Prechat = z.output<typeof Prechat>;

/** Read `--config <path>` or `--config=<path>` from CLI arguments. */
function configPathFromArgs(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--config') {
      const next = argv[i + 1];
      if (!next || next.startsWith('--')) throw new ConfigError('--config needs a file path.');
      return next;
    }
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
  }
  return undefined;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT'
        ? `Config file not found: ${path}`
        : `Cannot read config file ${path}: ${code ?? String(error)}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`Config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`Config file ${path} must hold a JSON object.`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Load the configuration: an optional JSON file (`--config <path>` or `SWITCHBOARD_CONFIG`), then
 * environment variables on top. Throws `ConfigError` with a readable message.
 * @example const config = loadConfig({ argv: process.argv.slice(2) })
 */
export function loadConfig(
  options: { argv?: readonly string[]; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const filePath = configPathFromArgs(options.argv ?? []) ?? (env.SWITCHBOARD_CONFIG || undefined);
  const raw: Record<string, unknown> = filePath ? readConfigFile(resolve(cwd, filePath)) : {};

  const fromEnv = new Set<string>();
  const set = (key: string, value: unknown) => {
    raw[key] = value;
    fromEnv.add(key);
  };
  if (env.PORT !== undefined && env.PORT !== '') {
    set('port', /^\d+$/.test(env.PORT.trim()) ? Number(env.PORT.trim()) : env.PORT);
  }
  if (env.HOST) set('host', env.HOST);
  if (env.SWITCHBOARD_TRUST_PROXY !== undefined && env.SWITCHBOARD_TRUST_PROXY !== '') {
    const hops = env.SWITCHBOARD_TRUST_PROXY.trim();
    set('trustProxy', /^\d+$/.test(hops) ? Number(hops) : hops);
  }
  if (env.SWITCHBOARD_SERVE_SOURCE_MAPS !== undefined && env.SWITCHBOARD_SERVE_SOURCE_MAPS !== '') {
    const value = env.SWITCHBOARD_SERVE_SOURCE_MAPS.trim();
    // 1/true and 0/false; anything else reaches the schema and is refused with the variable's name.
    set(
      'serveSourceMaps',
      value === '1' || value === 'true' ? true : value === '0' || value === 'false' ? false : value,
    );
  }
  if (env.SWITCHBOARD_DATA_DIR) set('dataDir', env.SWITCHBOARD_DATA_DIR);
  if (env.SWITCHBOARD_SECRET) set('secret', env.SWITCHBOARD_SECRET);
  if (env.SWITCHBOARD_PUBLIC_URL) set('publicUrl', env.SWITCHBOARD_PUBLIC_URL);
  if (env.LOG_LEVEL) set('logLevel', env.LOG_LEVEL.toLowerCase());
  if (env.SWITCHBOARD_METRICS_TOKEN) {
    const file = typeof raw.metrics === 'object' && raw.metrics !== null ? raw.metrics : {};
    set('metrics', { ...file, token: env.SWITCHBOARD_METRICS_TOKEN });
  }
  if ('secret' in raw && !fromEnv.has('secret')) {
    throw new ConfigError(
      'Invalid configuration:\n  - secret: set it with the SWITCHBOARD_SECRET environment variable, not in the config file',
    );
  }
  return parseConfig(raw as ConfigInput, {
    cwd,
    fromEnv,
    ...(filePath ? { configDir: dirname(resolve(cwd, filePath)) } : {}),
  });
}
