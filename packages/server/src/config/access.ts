import * as z from 'zod';
import { perUnit } from './fields.js';

// Who may reach the relay and how often: webhooks, REST API keys and the abuse limits.

export const Webhook = z.strictObject({
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

export const ApiKey = z.strictObject({
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
export const Limits = z.strictObject({
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

/** A webhook as configured. */
export type WebhookConfig = z.output<typeof Webhook>;
/** An API key as configured (its hash). */
export type ApiKeyConfig = z.output<typeof ApiKey>;
/** The abuse limits, defaults filled in. */
export type LimitsConfig = z.output<typeof Limits>;
