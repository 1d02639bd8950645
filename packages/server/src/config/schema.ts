import * as z from 'zod';
import { DEMO_DEPARTMENTS } from '../demo/site.js';
import { ApiKey, Limits, Webhook } from './access.js';
import { httpUrl, postgresUrl, redisUrl, seconds, uniqueIds } from './fields.js';
import { Site } from './site.js';
import {
  Agent,
  Canned,
  DEFAULT_DISPOSITIONS,
  DEFAULT_QA_CRITERIA,
  Department,
  Disposition,
  GENERAL_DEPARTMENT_ID,
  QaCriterion,
} from './team.js';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

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
    /**
     * Where the relay keeps its data: SQLite in `dataDir` (the default), or the PostgreSQL database
     * at `url` (`DATABASE_URL`), shared by every node of a cluster.
     */
    storage: z
      .strictObject({
        url: postgresUrl.optional(),
      })
      .default({}),
    /**
     * Several relay nodes on one PostgreSQL: with `redisUrl` (`REDIS_URL`) this node joins the
     * cluster (socket.io broadcasts, the routing core's log and forwarded commands over Redis; one
     * node at a time owns the core through a lease in PostgreSQL). Needs `storage.url`.
     */
    cluster: z
      .strictObject({
        redisUrl: redisUrl.optional(),
        /** This node's name in logs, metrics and the lease. @default the host name and process id */
        nodeId: z
          .string()
          .regex(
            /^[A-Za-z0-9._-]{1,64}$/,
            'must be 1 to 64 letters, digits, dots, dashes or underscores',
          )
          .optional(),
        /** How long the core's owner may go unheard before another node takes over. */
        leaseTtlMs: z
          .number()
          .int('must be a whole number of milliseconds')
          .min(1000, 'must be at least 1000 ms')
          .max(60_000, 'must be at most 60000 ms')
          .default(6000),
      })
      .default({ leaseTtlMs: 6000 }),
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
    if (config.cluster.redisUrl && !config.storage.url) {
      ctx.addIssue({
        code: 'custom',
        path: ['cluster', 'redisUrl'],
        message:
          'a cluster shares one PostgreSQL database: set storage.url (DATABASE_URL) as well (SQLite is one node only)',
      });
    }
    if (config.cluster.redisUrl && !config.secret) {
      ctx.addIssue({
        code: 'custom',
        path: ['secret'],
        message:
          'every node of a cluster must sign tokens with the same key: set SWITCHBOARD_SECRET (the same on each node)',
      });
    }
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

/** What `createRelay` accepts: every field optional, defaults applied. */
export type ConfigInput = z.input<typeof ConfigSchema>;

/**
 * The validated configuration. `dataDir` is absolute; `sites` has at least one entry; `publicUrl`
 * (the relay's URL when it sits behind a proxy) has no trailing slash.
 */
export type Config = z.output<typeof ConfigSchema>;
