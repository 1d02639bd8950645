import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { AgentDirectory } from '../auth/agents.js';
import type { Config } from '../config.js';
import { failureFrame } from '../engine/failure.js';
import { apiError, json, text } from './respond.js';
import { createAgentAuthRoutes } from './routes/agent-auth.js';
import { serveConsole, serveWidget } from './routes/builds.js';
import { serveDemoAsset, serveDemoIdentity, serveDemoPage } from './routes/demo.js';

export { MAX_JSON_BODY } from './respond.js';

/** Where the static files are; a null dist means that package is not built. */
export interface StaticPaths {
  widgetDist: string | null;
  consoleDist: string | null;
  demoPage: string;
}

export interface HttpHandlerOptions {
  /** `limits` and `trustProxy` default to the config's defaults (tests pass less). */
  config: Pick<Config, 'publicUrl'> &
    Partial<Pick<Config, 'limits' | 'trustProxy' | 'serveSourceMaps'>>;
  agents: AgentDirectory;
  logger: Logger;
  paths: StaticPaths;
  /** Resolves once the store is loaded; the API waits for it. */
  ready: Promise<void>;
  /** True while the store is open and the relay is listening. */
  isReady: () => boolean;
  /** `GET /metrics` (Prometheus): answers and returns true for the paths it serves. */
  metrics?: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;
  /** The REST API under `/api/v1/`: answers and returns true for the paths it serves. */
  api?: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;
  /**
   * The built-in demo site's hash for a user id (what a real site's backend computes): serves
   * `GET /demo/identity?userId=…` to loopback requests without proxy headers and with a local
   * `Host` (403 to any other). Absent for configured sites: the route is then 404.
   */
  demoUserHash?: (userId: string) => string;
  /**
   * Told the name of each abuse limit that refused a request (`agentLoginsPerIpPerMinute`,
   * `agentLoginFailuresPerAccount`).
   */
  onRateLimited?: (limit: string) => void;
}

/** A `node:http` request listener; calls `next` (when given) for paths it does not serve. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

/** The path of a request target, or null when it does not parse as a URL. */
function pathOf(target: string | undefined): string | null {
  try {
    return new URL(target ?? '/', 'http://relay').pathname;
  } catch {
    return null;
  }
}

/**
 * The relay's HTTP routes: demo page, widget and console files, the agent API, health checks.
 * Plain `node:http`, so it can be mounted in an existing server (pass `next` for the rest).
 * @example http.createServer(createHttpHandler(options))
 */
export function createHttpHandler(options: HttpHandlerOptions): HttpHandler {
  const { config, agents, logger, paths } = options;
  const auth = createAgentAuthRoutes({
    config,
    agents,
    logger,
    ready: options.ready,
    ...(options.onRateLimited ? { onRateLimited: options.onRateLimited } : {}),
  });

  /** The routing table: each path to its route (`routes/`), in the order they are tried. */
  async function handle(req: IncomingMessage, res: ServerResponse, next?: () => void) {
    const method = req.method ?? 'GET';
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // A target that is no URL (`//`, `http://[x/`) is the client's fault: a 400, not a 500.
    const path = pathOf(req.url);
    if (path === null) return apiError(res, 400, 'BAD_REQUEST', 'The request target is not a URL.');

    if (path === '/healthz') return json(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      return options.isReady()
        ? json(res, 200, { status: 'ready' })
        : json(res, 503, { status: 'starting' });
    }

    if (options.metrics && path === '/metrics' && (await options.metrics(req, res, path))) return;

    if (path === '/api/agent/login') return auth.login(req, res);
    if (path === '/api/agent/me') return auth.me(req, res);

    if (options.api && path.startsWith('/api/v1/') && (await options.api(req, res, path))) return;
    if (path.startsWith('/api/')) return apiError(res, 404, 'BAD_REQUEST', 'No such API route.');

    if (method === 'GET' || method === 'HEAD') {
      if (path === '/') return serveDemoPage(req, res, paths.demoPage, config);
      if (await serveDemoAsset(req, res, path, paths.demoPage)) return;
      if (path === '/demo/identity') return serveDemoIdentity(req, res, options.demoUserHash);
      if (path === '/widget.js' || path.startsWith('/widget/')) {
        return serveWidget(req, res, path, paths.widgetDist, config);
      }
      if (path === '/console' || path.startsWith('/console/')) {
        return serveConsole(req, res, path, paths.consoleDist, config);
      }
    }

    if (next) return next();
    text(res, 404, 'Not found.\n');
  }

  return (req, res, next) => {
    handle(req, res, next).catch((error: unknown) => {
      logger.error({ err: error, path: req.url }, 'HTTP request failed');
      if (res.headersSent) res.destroy();
      else if (failureFrame(error).code === 'UNAVAILABLE') {
        apiError(res, 503, 'UNAVAILABLE', undefined, { 'Retry-After': '5' });
      } else apiError(res, 500, 'INTERNAL');
    });
  };
}
