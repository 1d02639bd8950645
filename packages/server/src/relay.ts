import { createServer, type Server as HttpServer } from 'node:http';
import { NAMESPACES } from '@switchboard/shared';
import type { Logger } from 'pino';
import type { Server as SocketServer } from 'socket.io';
import { joinCluster } from './cluster/join.js';
import type { ClusterNode, OwnerParts, SharedChange } from './cluster/node.js';
import { createClusterLimits } from './cluster/shared-limits.js';
import { type Config, type ConfigInput, parseConfig } from './config.js';
import { routingSnapshot } from './core/estimate.js';
import type { SendEffect } from './core/types.js';
import { createEngine, type Engine, type EngineOptions } from './engine/engine.js';
import { loadState } from './engine/load-state.js';
import { createFaqService, type FaqService } from './faq/service.js';
import { createHttpHandler, type StaticPaths } from './http/handler.js';
import { createRelayMetrics, type RelayMetrics } from './metrics/prometheus.js';
import { createQualityService } from './quality/service.js';
import { createReadSide } from './queries/read-side.js';
import { createWallboard } from './queries/wallboard.js';
import { apiRoutes } from './relay/api-routes.js';
import { closeRelay, listenOn } from './relay/lifecycle.js';
import { staticPaths } from './relay/paths.js';
import { demoIdentityRoute } from './relay/secrets.js';
import { openServices } from './relay/services.js';
import { startRelay } from './relay/start.js';
import { createSiteAppearances, type SiteAppearances } from './sites/appearance.js';
import type { Store } from './store/types.js';
import { createTransport } from './transport/socket.js';
import { createVisitorRegistry } from './visitors/registry.js';

export { isDemoSite } from './relay/secrets.js';
export { DATABASE_FILE } from './relay/store.js';

/** A running (or ready to run) relay. */
export interface Relay {
  /** The validated configuration in force. */
  config: Config;
  /** The `node:http` server: the relay's routes, with socket.io attached. */
  httpServer: HttpServer;
  /** The socket.io server (`/visitor` and `/agent` namespaces). */
  io: SocketServer;
  /** This node in its cluster (`cluster.redisUrl`), or null for a relay on its own. */
  cluster: ClusterNode | null;
  /** Resolves once the store is loaded and agents are set up; says whether the demo agent is active. */
  ready: Promise<{ demoAgent: boolean }>;
  /** Start listening (defaults from the config; port 0 picks a free one). */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  /** Stop accepting, disconnect every socket, finish queued commands, close the store. */
  close(): Promise<void>;
}

export interface RelayOptions {
  /** Defaults to a pino logger at the config's level. */
  logger?: Logger;
  /** Defaults to SQLite in `<dataDir>/switchboard.db`. */
  store?: Store;
  /** Where the widget and console builds and the demo page are; defaults to the packages. */
  paths?: Partial<StaticPaths>;
  /** The clock of the routing core (tests). @default Date.now */
  now?: () => number;
  /** Where webhook secrets (`webhooks[].secretEnv`) are read. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Waits between webhook tries (tests shorten them). @default 10 s, 1 min, 5 min, 30 min, 2 h */
  webhookBackoffMs?: readonly number[];
}

/**
 * Build a relay from a configuration (validated here; see `loadConfig` for files and env).
 * @example
 * const relay = createRelay({ port: 0, dataDir: '/tmp/sb' });
 * const { url } = await relay.listen();
 */
export function createRelay(input: ConfigInput | Config = {}, options: RelayOptions = {}): Relay {
  const config = parseConfig(input);
  const services = openServices(config, options);
  const { logger, signer, store, agents, webhooks, identities } = services;
  const now = options.now ?? Date.now;
  // The transport is created below; the engine only delivers once commands arrive through it.
  const deliverHere = (sends: SendEffect[]) => {
    transport.deliver(sends);
    wallboard.observe(sends);
    metrics.observeSends(sends);
  };
  const engineOptions = (parts?: OwnerParts): EngineOptions => ({
    store: parts ? { ...store, ...parts.writes } : store,
    logger,
    now,
    deliver: parts?.deliver ?? deliverHere,
    onPersist: (seconds) => metrics.observePersist(seconds),
    load: () => loadState({ config, store, agents, now: now() }),
    timers: true,
    snapshots: true,
    webhooks,
    ...(parts ? { onApplied: parts.onApplied } : {}),
  });
  const cluster = config.cluster.redisUrl
    ? joinCluster({
        config,
        store,
        logger,
        now,
        ownerEngine: (parts) => createEngine(engineOptions(parts)),
        deliverHere,
        present: () => transport.present(),
        io: () => transport.io,
        webhooks,
        onChange: (what) => void reloadShared(what),
      })
    : null;
  const engine: Engine = cluster ?? createEngine(engineOptions());

  let faq: FaqService | undefined;
  let appearances: SiteAppearances | undefined;
  /** Another node of the cluster changed the articles or an appearance: read them again. */
  async function reloadShared(what: 'articles' | 'appearances') {
    try {
      if (what === 'articles') {
        faq = await createFaqService({ config, store, logger, now });
        transport.pushArticlesHere();
      } else {
        appearances = createSiteAppearances(config.sites, await store.listSiteAppearances(), store);
      }
    } catch (error) {
      logger.error({ err: error, what }, 'could not reload what another node changed');
    }
  }
  const reads = createReadSide({ store, config, state: () => engine.state, faq: () => faq, now });
  const wallboard = createWallboard({
    contactsCreated: reads.reports.contactsCreated,
    timeZone: reads.reports.timeZone,
    kpiOptions: reads.reports.kpiOptions,
    logger,
    now,
    pushToSupervisors: (frame) => transport.toSupervisors(frame),
  });
  const quality = createQualityService({
    store,
    state: () => engine.state,
    criteria: config.qa.criteria,
    reads,
    now,
  });
  const metrics: RelayMetrics = createRelayMetrics({
    token: config.metrics.token,
    connections: () => ({
      visitor: transport.io.of(NAMESPACES.visitor).sockets.size,
      agent: transport.io.of(NAMESPACES.agent).sockets.size,
    }),
    queues: () => routingSnapshot(engine.state, now()).queues,
    today: () => wallboard.wallboard().today,
    ...(cluster ? { cluster: { nodeId: cluster.nodeId, owner: () => cluster.owner } } : {}),
  });
  const ready = startRelay({
    ...services,
    config,
    engine,
    // A cluster sends webhooks from the owner of the routing core only.
    webhooksHere: !cluster,
    wallboard,
    now,
    setFaq: (started) => (faq = started),
    setAppearances: (started) => (appearances = started),
  });
  // Reported by listen(); handshakes and API calls waiting on it fail with INTERNAL.
  quietly(ready);
  const loaded = quietly(ready.then(() => undefined));

  let listening = false;
  const httpServer = createServer(
    createHttpHandler({
      config,
      agents,
      logger,
      ready: loaded,
      isReady: () => listening && store.isOpen(),
      api: apiRoutes({ config, agents, engine, reads, logger, ready: loaded }),
      metrics: (req, res, path) => metrics.handle(req, res, path),
      onRateLimited: (limit) => metrics.rateLimited(limit),
      ...demoIdentityRoute(identities),
      paths: staticPaths(options.paths),
    }),
  );
  const sharedLimits = cluster ? createClusterLimits(() => cluster.bus, cluster.nodeId) : null;
  const transport = createTransport({
    httpServer,
    ...(sharedLimits ? { sharedCounts: sharedLimits } : {}),
    ...(cluster ? { onShared: (what: SharedChange) => cluster.announceChange(what) } : {}),
    config,
    engine,
    reads,
    visitors: createVisitorRegistry(store),
    wallboard,
    signer,
    agents,
    logger,
    ready: loaded,
    faq: () => faq,
    identities,
    appearances: () => appearances,
    quality,
    onFrameError: (code) => metrics.frameError(code),
    onRateLimited: (limit) => metrics.rateLimited(limit),
  });

  let closing: Promise<void> | undefined;

  return {
    config,
    httpServer,
    io: transport.io,
    cluster,
    ready,

    async listen(port = config.port, host = config.host) {
      await ready;
      const served = await listenOn(httpServer, port, host);
      listening = true;
      logger.info({ ...served, publicUrl: config.publicUrl }, 'listening');
      return served;
    },

    close() {
      closing ??= (async () => {
        listening = false;
        sharedLimits?.stop();
        await closeRelay({
          ...services,
          httpServer,
          io: transport.io,
          ready,
          engine,
          wallboard,
          ...(cluster ? { cluster } : {}),
        });
      })();
      return closing;
    },
  };
}

/** The promise, with a no-op rejection handler attached (its rejection is reported elsewhere). */
function quietly<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
