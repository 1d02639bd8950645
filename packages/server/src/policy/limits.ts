import type { LimitsConfig, SiteCallbackConfig } from '../config.js';
import type { Limit } from './rate-limit.js';

// The abuse limits of the socket's frames, as lists of sliding windows for the rate limiter. The
// numbers come from `config.limits` (or, for the few fixed ones, from here); the keys are what the
// limiter counts under, so two frames that share a key share a budget.

const SECOND = 1_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `survey.submit`: per visitor, and per address (each tap of a survey is one frame). */
export const SURVEY_LIMITS = { perVisitorPerHour: 30, perIpPerHour: 300 } as const;
/** `visitor.identify` and `visitor.update`: per visitor, and per address. */
export const PROFILE_LIMITS = { perVisitorPerMinute: 20, perIpPerMinute: 60 } as const;
/** Frames per agent socket per second: a console is busier than a widget, never this busy. */
export const AGENT_FRAMES_FLOOR = 100;

/** Frames per agent socket per second: five times a visitor's, at least the floor. */
export const agentFramesPerSecond = (limits: LimitsConfig): number =>
  Math.max(AGENT_FRAMES_FLOOR, limits.framesPerSocketPerSecond * 5);

/** New visitor connections per address (the handshake). */
export const handshakeLimits = (limits: LimitsConfig, address: string): Limit[] => [
  { key: `handshake:${address}`, limit: limits.handshakesPerIpPerMinute, windowMs: MINUTE },
];

/** One line a minute per refused limit and `who` (a flood is one log line). */
export const refusalLogLimits = (limit: string, who: string): Limit[] => [
  { key: `log:${limit}:${who}`, limit: 1, windowMs: MINUTE },
];

/** A visitor's `chat.send`: per visitor and per address. */
export const messageLimits = (
  limits: LimitsConfig,
  visitorId: string,
  address: string,
): Limit[] => [
  {
    key: `message:visitor:${visitorId}`,
    name: 'messagesPerVisitorPerMinute',
    limit: limits.messagesPerVisitorPerMinute,
    windowMs: MINUTE,
  },
  {
    key: `message:ip:${address}`,
    name: 'messagesPerIpPerMinute',
    limit: limits.messagesPerIpPerMinute,
    windowMs: MINUTE,
  },
];

/**
 * `faq.search` budgets: per visitor (all tabs) and per address, each a minute's worth and a
 * tenth of it in any one second (at least 5: a widget searches as the visitor types, debounced),
 * so a burst cannot spend the minute at once.
 */
export const searchLimits = (limits: LimitsConfig, visitorId: string, address: string): Limit[] => {
  const per = (name: string, key: string, perMinute: number): Limit[] => [
    { key: `search:${key}`, name, limit: perMinute, windowMs: MINUTE },
    {
      key: `search-burst:${key}`,
      name,
      limit: Math.max(5, Math.ceil(perMinute / 10)),
      windowMs: SECOND,
    },
  ];
  return [
    ...per(
      'searchesPerVisitorPerMinute',
      `visitor:${visitorId}`,
      limits.searchesPerVisitorPerMinute,
    ),
    ...per('searchesPerIpPerMinute', `ip:${address}`, limits.searchesPerIpPerMinute),
  ];
};

/** `visitor.identify` and `visitor.update`: a few per minute per visitor and per address. */
export const profileLimits = (visitorId: string, address: string): Limit[] => [
  {
    key: `profile:visitor:${visitorId}`,
    limit: PROFILE_LIMITS.perVisitorPerMinute,
    windowMs: MINUTE,
  },
  { key: `profile:ip:${address}`, limit: PROFILE_LIMITS.perIpPerMinute, windowMs: MINUTE },
];

/** `survey.submit`: per visitor and per address, an hour's worth. */
export const surveyLimits = (visitorId: string, address: string): Limit[] => [
  { key: `survey:visitor:${visitorId}`, limit: SURVEY_LIMITS.perVisitorPerHour, windowMs: HOUR },
  { key: `survey:ip:${address}`, limit: SURVEY_LIMITS.perIpPerHour, windowMs: HOUR },
];

/**
 * `callback.request`: the site's limits per visitor and per address; the per-number limit counts
 * new callbacks only, so nobody else's requests for a number can stop its owner from changing (or
 * resending) their own callback.
 */
export const callbackLimits = (
  rates: SiteCallbackConfig['rateLimits'],
  visitorId: string,
  address: string,
  newNumber: string | null,
): Limit[] => [
  { key: `visitor:${visitorId}`, limit: rates.perVisitorPerHour, windowMs: HOUR },
  { key: `ip:${address}`, limit: rates.perIpPerHour, windowMs: HOUR },
  ...(newNumber !== null
    ? [{ key: `phone:${newNumber}`, limit: rates.perNumberPerDay, windowMs: DAY }]
    : []),
];
