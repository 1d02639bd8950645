import { createHmac, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { issueDetails, LoginRequest } from '@switchboard/shared';
import type { Logger } from 'pino';
import type { AgentDirectory } from '../auth/agents.js';
import { createLoginBackoff } from '../auth/login-backoff.js';
import { type Config, DEFAULT_LIMITS } from '../config.js';
import { createRateLimiter } from '../policy/rate-limit.js';
import { clientAddress } from '../transport/client-address.js';
import { isDirectLocalRequest } from './local-request.js';
import { apiError, json, MAX_JSON_BODY, readJson, text } from './respond.js';
import { fileStats, safeJoin, sendFile } from './static.js';

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

/** The demo page's own files, next to it (no inline script or style: it works under a strict CSP). */
const DEMO_ASSETS: Record<string, string> = {
  '/demo.css': 'text/css; charset=utf-8',
  '/demo.js': 'text/javascript; charset=utf-8',
};

/** A `node:http` request listener; calls `next` (when given) for paths it does not serve. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The console's Content-Security-Policy: its own scripts, styles and socket only. Inline `style`
 * attributes set by Preact and uPlot go through the CSSOM, which `style-src` does not restrict.
 * Images: its own, `data:` (the favicon), and `https:` (images in article previews, already
 * sanitised). The CSV download is a `blob:` link navigation, which CSP does not govern. Nothing may
 * frame it (`frame-ancestors`; `X-Frame-Options` for older browsers).
 */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers of the console's pages (not its hashed assets). */
const CONSOLE_PAGE_HEADERS = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
} as const;

/**
 * Files of a build that are for debugging only: source maps (they hold the source) and Vite's
 * manifest (it lists every chunk), or any other dot-folder or dotfile. `rel` is decoded first, so
 * `%2Emap` is caught too.
 */
function isDebugFile(rel: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return false; // safeJoin refuses it anyway
  }
  const segments = decoded.toLowerCase().split('/');
  return (
    segments.some((s) => s.startsWith('.') && s !== '.' && s !== '..') ||
    decoded.toLowerCase().endsWith('.map')
  );
}

/** The path of a request target, or null when it does not parse as a URL. */
function pathOf(target: string | undefined): string | null {
  try {
    return new URL(target ?? '/', 'http://relay').pathname;
  } catch {
    return null;
  }
}

/**
 * Where the demo page loads the widget from: the public URL when one is configured, else a path
 * on whatever origin served the page (`/widget.js`). Never the `Host` header, which the client
 * writes.
 */
function widgetBase(config: Pick<Config, 'publicUrl'>): string {
  return config.publicUrl ?? '';
}

/** The socket origins of a public URL (`https:` -> `wss:`), for `connect-src`. */
function socketOrigins(publicUrl: string | undefined): string[] {
  if (!publicUrl) return [];
  const url = new URL(publicUrl);
  const ws = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  return [url.origin, ws];
}

/**
 * The demo page's Content-Security-Policy: scripts from here only; styles from here plus the
 * widget's (`'unsafe-inline'` on the plain page, the response's nonce on `?csp=strict`); the
 * socket to this origin or the public URL; images from here, `data:` and `https:` (article
 * previews); nothing may frame it.
 */
function demoCsp(publicUrl: string | undefined, nonce: string | null): string {
  const connect = ["'self'", ...socketOrigins(publicUrl)].join(' ');
  const relay = ["'self'", ...(publicUrl ? [new URL(publicUrl).origin] : [])].join(' ');
  return [
    "default-src 'self'",
    `script-src ${relay}`,
    `style-src 'self' ${nonce ? `'nonce-${nonce}'` : "'unsafe-inline'"}`,
    `img-src ${relay} data: https:`,
    `connect-src ${connect}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The relay's HTTP routes: demo page, widget and console files, the agent API, health checks.
 * Plain `node:http`, so it can be mounted in an existing server (pass `next` for the rest).
 * @example http.createServer(createHttpHandler(options))
 */
export function createHttpHandler(options: HttpHandlerOptions): HttpHandler {
  const { config, agents, logger, paths } = options;
  const loginsPerMinute =
    config.limits?.agentLoginsPerIpPerMinute ?? DEFAULT_LIMITS.agentLoginsPerIpPerMinute;
  const loginLimiter = createRateLimiter();
  const backoff = createLoginBackoff({
    failuresAllowed:
      config.limits?.agentLoginFailuresPerAccount ?? DEFAULT_LIMITS.agentLoginFailuresPerAccount,
    maxWaitSec: config.limits?.agentLoginBackoffMaxSec ?? DEFAULT_LIMITS.agentLoginBackoffMaxSec,
  });
  /** Names an email that is no account in logs without writing it (it may be a typed password). */
  const emailKey = randomBytes(32);
  const emailTag = (email: string) =>
    createHmac('sha256', emailKey).update(email.trim().toLowerCase()).digest('hex').slice(0, 12);
  /** Who a refused sign-in was for: the agent, or `unknown` and a tag of what was typed. */
  async function accountFields(email: string): Promise<Record<string, string>> {
    const agentId = await agents.idForEmail(email);
    return agentId
      ? { agentId, email: email.trim().toLowerCase() }
      : { account: 'unknown', emailTag: emailTag(email) };
  }
  /**
   * `agentLoginsPerIpPerMinute`: every sign-in attempt with a well-formed body counts, right or
   * wrong (each costs a password hash). True when refused (answered 429 with `Retry-After`).
   */
  function loginRefused(req: IncomingMessage, res: ServerResponse): boolean {
    const address = clientAddress(req, config.trustProxy ?? 0);
    const key = `login:${address}`;
    const now = Date.now();
    if (loginLimiter.take([{ key, limit: loginsPerMinute, windowMs: 60_000 }], now)) return false;
    options.onRateLimited?.('agentLoginsPerIpPerMinute');
    // One line a minute per address: the limit and the address (never the email or password).
    if (loginLimiter.take([{ key: `log:${key}`, limit: 1, windowMs: 60_000 }], now)) {
      logger.warn({ limit: 'agentLoginsPerIpPerMinute', address }, 'rate limited');
    }
    apiError(res, 429, 'RATE_LIMITED', 'Too many sign-in attempts; wait a minute and try again.', {
      'Retry-After': '60',
    });
    return true;
  }

  async function distReady(dist: string | null): Promise<boolean> {
    if (!dist) return false;
    try {
      return (await stat(dist)).isDirectory();
    } catch {
      return false;
    }
  }

  async function serveFrom(
    req: IncomingMessage,
    res: ServerResponse,
    dist: string | null,
    rel: string,
    label: string,
    headers: Record<string, string>,
  ): Promise<'sent' | 'missing'> {
    if (!(await distReady(dist))) {
      text(res, 503, `The ${label} is not built yet: run pnpm build.\n`, {
        'Cache-Control': 'no-store',
      });
      return 'sent';
    }
    // Source maps and the build manifest only when asked for (`serveSourceMaps`).
    if (!config.serveSourceMaps && isDebugFile(rel)) return 'missing';
    const path = safeJoin(dist!, rel);
    const stats = path && (await fileStats(path));
    if (!path || !stats) return 'missing';
    await sendFile(req, res, path, stats, headers);
    return 'sent';
  }

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

    if (path === '/api/agent/login') {
      if (method !== 'POST') return apiError(res, 405, 'BAD_REQUEST', 'Use POST.');
      const body = await readJson(req, MAX_JSON_BODY);
      if (!body.ok) return apiError(res, body.status, body.code, body.message);
      const parsed = LoginRequest.safeParse(body.value);
      if (!parsed.success) {
        const message = issueDetails(parsed.error.issues)
          .map((d) => `${d.path}: ${d.message}`)
          .join('; ');
        return apiError(res, 400, 'BAD_REQUEST', `The request is not valid: ${message}.`);
      }
      if (loginRefused(req, res)) return;
      await options.ready;
      const { email, password } = parsed.data;
      const address = clientAddress(req, config.trustProxy ?? 0);
      // `agentLoginFailuresPerAccount`: an account with too many wrong passwords in a row waits
      // (1, 2, 4… s) whatever the address, and no password is checked meanwhile.
      const waitSec = backoff.waitSec(email, Date.now());
      if (waitSec > 0) {
        options.onRateLimited?.('agentLoginFailuresPerAccount');
        // One line a minute per account and address: a flood does not flood the log.
        const tag = emailTag(email);
        if (
          loginLimiter.take(
            [{ key: `log:wait:${tag}:${address}`, limit: 1, windowMs: 60_000 }],
            Date.now(),
          )
        ) {
          logger.warn(
            { ...(await accountFields(email)), address, retryAfterSec: waitSec },
            'agent sign-in refused: account backing off',
          );
        }
        return apiError(
          res,
          429,
          'RATE_LIMITED',
          'Too many wrong passwords for this account; wait and try again.',
          { 'Retry-After': String(waitSec) },
        );
      }
      const login = await agents.login(email, password, Date.now());
      if (!login) {
        const failures = backoff.failed(email, Date.now());
        logger.warn(
          { ...(await accountFields(email)), address, failures },
          'agent sign-in refused',
        );
        return apiError(res, 401, 'INVALID_CREDENTIALS');
      }
      backoff.succeeded(email);
      logger.info({ agentId: login.agent.id }, 'agent signed in');
      return json(res, 200, login);
    }

    if (path === '/api/agent/me') {
      if (method !== 'GET') return apiError(res, 405, 'BAD_REQUEST', 'Use GET.');
      const header = req.headers.authorization ?? '';
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      if (!token) return apiError(res, 401, 'UNAUTHORIZED');
      await options.ready;
      const result = await agents.authenticate(token, Date.now());
      if (!result.ok) return apiError(res, 401, result.code);
      return json(res, 200, result.agent);
    }

    if (options.api && path.startsWith('/api/v1/') && (await options.api(req, res, path))) return;
    if (path.startsWith('/api/')) return apiError(res, 404, 'BAD_REQUEST', 'No such API route.');

    if (method === 'GET' || method === 'HEAD') {
      if (path === '/') {
        // `?csp=strict`: the proof page. Scripts only from here, styles only from here or with
        // this response's nonce, which the snippet hands the widget (`data-nonce`).
        const strict = new URL(req.url ?? '/', 'http://relay').searchParams.get('csp') === 'strict';
        const nonce = strict ? randomBytes(16).toString('base64') : null;
        const html = (await readFile(paths.demoPage, 'utf8'))
          .replaceAll('{{RELAY_URL}}', widgetBase(config))
          .replaceAll(' data-nonce="{{NONCE}}"', nonce ? ` data-nonce="${nonce}"` : '');
        res.writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Length': String(Buffer.byteLength(html)),
          'Cache-Control': 'no-cache',
          'Content-Security-Policy': demoCsp(config.publicUrl, nonce),
          'X-Frame-Options': 'DENY',
          'Referrer-Policy': 'same-origin',
        });
        return res.end(method === 'HEAD' ? undefined : html);
      }
      const assetType = DEMO_ASSETS[path];
      if (assetType) {
        const body = await readFile(join(dirname(paths.demoPage), path.slice(1)));
        res.writeHead(200, {
          'Content-Type': assetType,
          'Content-Length': String(body.length),
          'Cache-Control': 'no-cache',
        });
        return res.end(method === 'HEAD' ? undefined : body);
      }
      if (path === '/demo/identity') {
        if (!options.demoUserHash) return text(res, 404, 'Not found.\n');
        // A valid hash for any user id: only for someone on this machine, never through a proxy.
        if (!isDirectLocalRequest(req)) {
          return apiError(
            res,
            403,
            'FORBIDDEN',
            'The demo identity route answers only on this machine (loopback, no proxy).',
          );
        }
        const userId = new URL(req.url ?? '/', 'http://relay').searchParams.get('userId') ?? '';
        if (userId.length < 1 || userId.length > 128) {
          return apiError(res, 400, 'BAD_REQUEST', 'userId must be 1 to 128 characters.');
        }
        return json(res, 200, { userId, userHash: options.demoUserHash(userId) });
      }
      if (path === '/widget.js' || path.startsWith('/widget/')) {
        const cors = {
          'Access-Control-Allow-Origin': '*',
          'Cross-Origin-Resource-Policy': 'cross-origin',
        };
        const headers =
          path === '/widget.js'
            ? { 'Cache-Control': 'public, max-age=300', ...cors }
            : { 'Cache-Control': IMMUTABLE, ...cors };
        const outcome = await serveFrom(
          req,
          res,
          paths.widgetDist,
          path.slice(1),
          'widget',
          headers,
        );
        if (outcome === 'sent') return;
        return text(res, 404, 'Not found.\n');
      }
      if (path === '/console' || path.startsWith('/console/')) {
        const rel = path.slice('/console/'.length);
        if (rel.startsWith('assets/')) {
          const outcome = await serveFrom(req, res, paths.consoleDist, rel, 'console', {
            'Cache-Control': IMMUTABLE,
          });
          if (outcome === 'sent') return;
          return text(res, 404, 'Not found.\n');
        }
        // A file of the console (favicon...), else the SPA's index for its client-side routes.
        if (rel !== '' && rel !== 'index.html') {
          const outcome = await serveFrom(req, res, paths.consoleDist, rel, 'console', {
            'Cache-Control': 'no-cache',
            ...CONSOLE_PAGE_HEADERS,
          });
          if (outcome === 'sent') return;
        }
        const outcome = await serveFrom(req, res, paths.consoleDist, 'index.html', 'console', {
          'Cache-Control': 'no-cache',
          ...CONSOLE_PAGE_HEADERS,
        });
        if (outcome === 'sent') return;
        return text(res, 503, 'The console is not built yet: run pnpm build.\n');
      }
    }

    if (next) return next();
    text(res, 404, 'Not found.\n');
  }

  return (req, res, next) => {
    handle(req, res, next).catch((error: unknown) => {
      logger.error({ err: error, path: req.url }, 'HTTP request failed');
      if (!res.headersSent) apiError(res, 500, 'INTERNAL');
      else res.destroy();
    });
  };
}
