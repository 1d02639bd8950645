import { createServer, type Server as HttpServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NAMESPACES } from '@switchboard/shared';
import type { Logger } from 'pino';
import type { Server as SocketServer } from 'socket.io';
import { createAgentDirectory } from './auth/agents.js';
import { loadSecret } from './auth/signing-secret.js';
import { createTokenSigner } from './auth/tokens.js';
import {
  identitySecretEnv,
  loadDemoIdentitySecret,
  type SiteIdentity,
  userHash,
} from './auth/user-hash.js';
import {
  type Config,
  ConfigError,
  type ConfigInput,
  parseConfig,
  type SiteConfig,
} from './config.js';
import { routingSnapshot } from './core/estimate.js';
import { DEMO_AGENTS } from './demo/agents.js';
import { DEMO_CONTENT_DIR, DEMO_SITE } from './demo/site.js';
import { createEngine } from './engine/engine.js';
import { loadState, seedRouting } from './engine/load-state.js';
import { createFaqService, type FaqService } from './faq/service.js';
import { createApiV1 } from './http/api-v1.js';
import { createCsvExport } from './http/export.js';
import { createHttpHandler, type StaticPaths } from './http/handler.js';
import { createLogger } from './logger.js';
import { createRelayMetrics, type RelayMetrics } from './metrics/prometheus.js';
import { createQualityService } from './quality/service.js';
import { createReadSide } from './queries/read-side.js';
import { createWallboard } from './queries/wallboard.js';
import { createSiteAppearances, type SiteAppearances } from './sites/appearance.js';
import { loosePermissions } from './store/file-modes.js';
import { openSqliteStore } from './store/sqlite.js';
import type { Store } from './store/types.js';
import { createTransport } from './transport/socket.js';
import { createVisitorRegistry } from './visitors/registry.js';
import {
  createWebhookDispatcher,
  DEFAULT_BACKOFF_MS,
  type ResolvedWebhook,
} from './webhooks/dispatcher.js';

/** The database file inside the data directory. */
export const DATABASE_FILE = 'switchboard.db';

/** A running (or ready to run) relay. */
export interface Relay {
  /** The validated configuration in force. */
  config: Config;
  /** The `node:http` server: the relay's routes, with socket.io attached. */
  httpServer: HttpServer;
  /** The socket.io server (`/visitor` and `/agent` namespaces). */
  io: SocketServer;
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

/** Each configured webhook with its secret from the environment; a missing one is a ConfigError. */
function resolveWebhooks(config: Config, env: NodeJS.ProcessEnv): ResolvedWebhook[] {
  const missing = config.webhooks
    .map((w, i) =>
      env[w.secretEnv]
        ? null
        : `  - webhooks.${i}.secretEnv: the environment variable ${w.secretEnv} is not set`,
    )
    .filter((line) => line !== null);
  if (missing.length > 0) throw new ConfigError(`Invalid configuration:\n${missing.join('\n')}`);
  return config.webhooks.map((w) => ({
    url: w.url,
    secret: env[w.secretEnv]!,
    events: new Set(w.events ?? ['callback.requested', 'callback.updated', 'callback.completed']),
  }));
}

/** The built-in demo site (the one served when no site is configured), not a configured one. */
export function isDemoSite(site: SiteConfig): boolean {
  return (
    site.id === DEMO_SITE.id &&
    site.name === DEMO_SITE.name &&
    site.content?.dir === DEMO_CONTENT_DIR
  );
}

/**
 * Each site's identity settings: `SWITCHBOARD_IDENTITY_SECRET_<SITE>` wins over the file; the
 * built-in demo site without either gets a generated secret kept in the data directory.
 */
function resolveIdentities(config: Config, env: NodeJS.ProcessEnv): Map<string, SiteIdentity> {
  const result = new Map<string, SiteIdentity>();
  const problems: string[] = [];
  config.sites.forEach((site, i) => {
    const name = identitySecretEnv(site.id);
    const fromEnv = env[name];
    if (fromEnv !== undefined && fromEnv.length < 32) {
      problems.push(
        `  - sites.${i}.identity.secret (from ${name}): must be at least 32 characters`,
      );
      return;
    }
    let secret = fromEnv || site.identity?.secret;
    let demo = false;
    if (!secret && isDemoSite(site)) {
      secret = loadDemoIdentitySecret(config.dataDir);
      demo = true;
    }
    result.set(site.id, {
      ...(secret ? { secret } : {}),
      required: site.identity?.required ?? false,
      demo,
    });
  });
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  return result;
}

/** `/demo/identity` for the built-in demo site's generated secret only. */
function demoIdentityRoute(identities: ReadonlyMap<string, SiteIdentity>) {
  const demo = [...identities.values()].find((identity) => identity.demo && identity.secret);
  const secret = demo?.secret;
  return secret ? { demoUserHash: (userId: string) => userHash(userId, secret) } : {};
}

/** The `dist/` folder of a workspace package, or null when the package cannot be found. */
function packageDist(name: string): string | null {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve(`${name}/package.json`)), 'dist');
  } catch {
    return null;
  }
}

/** A URL clients on this machine can use for a listening address. */
function localUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

/**
 * Build a relay from a configuration (validated here; see `loadConfig` for files and env).
 * @example
 * const relay = createRelay({ port: 0, dataDir: '/tmp/sb' });
 * const { url } = await relay.listen();
 */
export function createRelay(input: ConfigInput | Config = {}, options: RelayOptions = {}): Relay {
  const config = parseConfig(input);
  const logger = options.logger ?? createLogger(config.logLevel);
  const signer = createTokenSigner(loadSecret(config.dataDir, config.secret));
  const store =
    options.store ??
    openSqliteStore(join(config.dataDir, DATABASE_FILE), {
      synchronous: config.sqlite.synchronous,
    });
  // Password hashes, phone numbers and chat text: say so when others may read them.
  for (const loose of loosePermissions(config.dataDir, [
    DATABASE_FILE,
    `${DATABASE_FILE}-wal`,
    `${DATABASE_FILE}-shm`,
  ])) {
    logger.warn(
      loose,
      `data file readable by others: run chmod ${loose.expected} on it (the data directory 700, its files 600)`,
    );
  }
  const agents = createAgentDirectory({ store, signer, configured: config.agents });
  const webhooks = createWebhookDispatcher({
    store,
    webhooks: resolveWebhooks(config, options.env ?? process.env),
    logger,
    backoffMs: options.webhookBackoffMs ?? DEFAULT_BACKOFF_MS,
  });

  const identities = resolveIdentities(config, options.env ?? process.env);

  const now = options.now ?? Date.now;
  // The transport is created below; the engine only delivers once commands arrive through it.
  const engine = createEngine({
    store,
    logger,
    now,
    deliver: (sends) => {
      transport.deliver(sends);
      wallboard.observe(sends);
      metrics.observeSends(sends);
    },
    onPersist: (seconds) => metrics.observePersist(seconds),
    load: () => loadState({ config, store, agents, now: now() }),
    timers: true,
    snapshots: true,
    webhooks,
  });

  let faq: FaqService | undefined;
  let appearances: SiteAppearances | undefined;
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
  });
  const ready = (async () => {
    faq = await createFaqService({ config, store, logger, now });
    appearances = createSiteAppearances(config.sites, await store.listSiteAppearances(), store);
    const { demoActive } = await agents.sync();
    await seedRouting({ config, store, agents, logger });
    await engine.start();
    await wallboard.start();
    // Deliveries left pending by the last run go out now, without holding up the start.
    void webhooks.start();
    if (demoActive) {
      logger.warn(
        {
          agents: DEMO_AGENTS.map((a) => ({ email: a.email, name: a.name, role: a.role })),
          password: DEMO_AGENTS[0].password,
        },
        'demo credentials are active: configure agents to disable them',
      );
    }
    for (const [site, identity] of identities) {
      if (identity.demo) {
        logger.warn(
          { site },
          'the demo site verifies identities with a generated demo secret: never use it for a real site',
        );
      }
    }
    return { demoAgent: demoActive };
  })();
  // Reported by listen(); handshakes and API calls waiting on it fail with INTERNAL.
  ready.catch(() => undefined);
  const loaded = ready.then(() => undefined);
  loaded.catch(() => undefined);

  let listening = false;
  const httpServer = createServer(
    createHttpHandler({
      config,
      agents,
      logger,
      ready: loaded,
      isReady: () => listening && store.isOpen(),
      api: (() => {
        const v1 = createApiV1({ keys: config.apiKeys, engine, reads, logger, ready: loaded });
        const csv = createCsvExport({ config, agents, reports: reads.reports, ready: loaded });
        return async (req, res, path) => (await csv(req, res, path)) || v1(req, res, path);
      })(),
      metrics: (req, res, path) => metrics.handle(req, res, path),
      onRateLimited: (limit) => metrics.rateLimited(limit),
      ...demoIdentityRoute(identities),
      paths: {
        // `null` is kept: it means "not built" (tests use it); only undefined takes the default.
        widgetDist:
          options.paths?.widgetDist !== undefined
            ? options.paths.widgetDist
            : packageDist('@switchboard/widget'),
        consoleDist:
          options.paths?.consoleDist !== undefined
            ? options.paths.consoleDist
            : packageDist('@switchboard/console'),
        demoPage:
          options.paths?.demoPage ?? fileURLToPath(new URL('../demo/index.html', import.meta.url)),
      },
    }),
  );
  const transport = createTransport({
    httpServer,
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
    ready,

    async listen(port = config.port, host = config.host) {
      await ready;
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve();
        });
      });
      const actual = (httpServer.address() as AddressInfo).port;
      const url = localUrl(host, actual);
      listening = true;
      logger.info({ url, port: actual, publicUrl: config.publicUrl }, 'listening');
      return { url, port: actual };
    },

    close() {
      closing ??= (async () => {
        listening = false;
        // Idle keep-alive connections close with the server; give busy ones a moment.
        const force = setTimeout(() => httpServer.closeAllConnections(), 2_000);
        force.unref();
        await transport.io.close();
        clearTimeout(force);
        await ready.catch(() => undefined);
        engine.stop();
        wallboard.stop();
        await engine.idle();
        await webhooks.stop();
        await store.close();
        logger.info('closed');
      })();
      return closing;
    },
  };
}
