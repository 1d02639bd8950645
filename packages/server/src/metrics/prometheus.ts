import type { IncomingMessage, ServerResponse } from 'node:http';
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
import {
  METRICS_PREFIX,
  type MetricsSources,
  registerKpiGauges,
  registerStateGauges,
} from './gauges.js';

export { METRICS_PREFIX, type MetricsSources } from './gauges.js';

export interface MetricsOptions extends MetricsSources {
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /**
   * A cluster node: every series carries `node="<id>"`, and `switchboard_cluster_owner` says
   * whether this node owns the routing core (1) or follows it (0).
   */
  cluster?: { nodeId: string; owner(): boolean };
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
  if (options.cluster) registry.setDefaultLabels({ node: options.cluster.nodeId });
  collectDefaultMetrics({ register: registry, prefix: METRICS_PREFIX });
  const registers = [registry];
  const cluster = options.cluster;
  if (cluster) {
    new Gauge({
      name: `${METRICS_PREFIX}cluster_owner`,
      help: 'Whether this node owns the routing core (1) or follows the owner (0).',
      registers,
      collect() {
        this.set(cluster.owner() ? 1 : 0);
      },
    });
  }

  registerStateGauges(registers, options);
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

  const kpis = registerKpiGauges(registers, () => options.today());

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
      kpis.clear();
      const body = await registry.metrics();
      text(res, 200, body, {
        'Content-Type': registry.contentType,
        'Cache-Control': 'no-store',
      });
      return true;
    },
  };
}
