import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kpis, QueueStatus } from '@switchboard/shared';
import {
  Counter,
  collectDefaultMetrics,
  Gauge,
  Histogram,
  type Registry as PromRegistry,
  Registry,
} from 'prom-client';
import { sameText } from '../auth/same-text.js';
import type { SendEffect } from '../core/types.js';
import { apiError, text } from '../http/respond.js';

/** Prefix of every metric the relay exposes. */
export const METRICS_PREFIX = 'switchboard_';

/** What the gauges read on each scrape. */
export interface MetricsSources {
  /** Open sockets per role. */
  connections(): { visitor: number; agent: number };
  /** Each department's queue (routing state). */
  queues(): readonly Pick<QueueStatus, 'departmentId' | 'waiting' | 'longestWaitMs'>[];
  /** Today's KPIs (the wallboard's). */
  today(): Kpis;
}

export interface MetricsOptions extends MetricsSources {
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string | undefined;
}

/** The relay's Prometheus metrics, on a registry of its own. */
export interface RelayMetrics {
  registry: PromRegistry;
  /** Count the messages among the engine's pushes. */
  observeSends(sends: readonly SendEffect[]): void;
  /** One store write took this many seconds. */
  observePersist(seconds: number): void;
  /** An error frame was answered. */
  frameError(code: string): void;
  /** An abuse limit refused something (a handshake, a frame, a message, a sign-in...). */
  rateLimited(limit: string): void;
  /** Serves `GET /metrics`; returns false for other paths. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
}

/**
 * Prometheus metrics on their own `Registry` (never prom-client's global one, so two relays in one
 * process do not collide), with Node's default metrics under the `switchboard_` prefix. Queue and
 * KPI gauges are read from `sources` on each scrape.
 * @example const metrics = createRelayMetrics({ connections, queues, today, token: config.metrics.token })
 */
export function createRelayMetrics(options: MetricsOptions): RelayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRICS_PREFIX });
  const registers = [registry];

  new Gauge({
    name: `${METRICS_PREFIX}connections`,
    help: 'Open socket connections, by role (visitor, agent).',
    labelNames: ['role'],
    registers,
    collect() {
      const counts = options.connections();
      this.set({ role: 'visitor' }, counts.visitor);
      this.set({ role: 'agent' }, counts.agent);
    },
  });
  // Both queue gauges are filled by the first one's collect (gauges are collected in the order
  // they were registered), from one read of the routing state.
  const queueLength: Gauge<'department'> = new Gauge({
    name: `${METRICS_PREFIX}queue_length`,
    help: 'Conversations waiting for an agent, by department.',
    labelNames: ['department'],
    registers,
    collect() {
      queueLength.reset();
      longestWait.reset();
      for (const q of options.queues()) {
        queueLength.set({ department: q.departmentId }, q.waiting.length);
        longestWait.set({ department: q.departmentId }, q.longestWaitMs / 1000);
      }
    },
  });
  const longestWait = new Gauge({
    name: `${METRICS_PREFIX}queue_longest_wait_seconds`,
    help: 'How long the oldest waiting conversation has waited, by department.',
    labelNames: ['department'],
    registers,
  });
  const messages = new Counter({
    name: `${METRICS_PREFIX}messages_total`,
    help: 'Chat messages sent, by author role (visitor, agent, system).',
    labelNames: ['role'],
    registers,
  });
  const writes = new Histogram({
    name: `${METRICS_PREFIX}event_store_write_seconds`,
    help: 'Duration of one event-store transaction (one command).',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers,
  });
  const frameErrors = new Counter({
    name: `${METRICS_PREFIX}frame_errors_total`,
    help: 'Error frames answered to clients, by error code.',
    labelNames: ['code'],
    registers,
  });
  const rateLimited = new Counter({
    name: `${METRICS_PREFIX}rate_limited_total`,
    help: 'Refusals by an abuse limit, by limit name (connectionsPerIp, messagesPerIpPerMinute...).',
    labelNames: ['limit'],
    registers,
  });

  // Today's KPIs: one read of the wallboard per scrape, shared by the gauges below.
  // `handle` clears it before each scrape.
  let cached: Kpis | undefined;
  const today = () => {
    cached ??= options.today();
    return cached;
  };
  const kpiGauge = (name: string, help: string, read: (k: Kpis) => number | null) =>
    new Gauge({
      name: `${METRICS_PREFIX}${name}`,
      help,
      registers,
      collect() {
        const value = read(today());
        // No contacts yet today: no sample rather than a misleading 0.
        if (value === null) this.reset();
        else this.set(value);
      },
    });
  kpiGauge(
    'service_level_ratio',
    "Today's service level: share answered within the target.",
    (k) => k.serviceLevel,
  );
  kpiGauge('csat_ratio', "Today's CSAT: share of answers 4 or 5.", (k) => k.csat);
  kpiGauge('asa_seconds', "Today's average speed of answer.", (k) => k.asaSec);
  kpiGauge('aht_seconds', "Today's average handle time, wrap-up included.", (k) => k.ahtSec);
  kpiGauge('abandonment_ratio', "Today's abandonment rate.", (k) => k.abandonmentRate);
  kpiGauge('contacts_today', 'Contacts created since local midnight.', (k) => k.contacts);

  const expected = options.token;
  const authorized = (req: IncomingMessage) => {
    if (!expected) return true;
    const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    return given !== undefined && sameText(given, expected);
  };

  return {
    registry,
    observeSends(sends) {
      for (const { to, frame } of sends) {
        // Each event goes once to its followers; the visitor's copy is the same message.
        if (
          frame.type === 'conversation.event' &&
          to.kind === 'followers' &&
          frame.event.type === 'message.created'
        ) {
          messages.inc({ role: frame.event.author.role });
        }
      }
    },
    observePersist(seconds) {
      writes.observe(seconds);
    },
    frameError(code) {
      frameErrors.inc({ code });
    },
    rateLimited(limit) {
      rateLimited.inc({ limit });
    },
    async handle(req, res, path) {
      if (path !== '/metrics') return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        apiError(res, 405, 'BAD_REQUEST', 'Use GET.');
        return true;
      }
      if (!authorized(req)) {
        apiError(
          res,
          401,
          'UNAUTHORIZED',
          'Send the metrics token: Authorization: Bearer <token>.',
        );
        return true;
      }
      cached = undefined;
      const body = await registry.metrics();
      text(res, 200, body, {
        'Content-Type': registry.contentType,
        'Cache-Control': 'no-store',
      });
      return true;
    },
  };
}
