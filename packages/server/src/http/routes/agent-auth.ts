// `POST /api/agent/login` and `GET /api/agent/me`, with the sign-in abuse limits.
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { issueDetails, LoginRequest } from '@switchboard/shared';
import type { Logger } from 'pino';
import type { AgentDirectory } from '../../auth/agents.js';
import { createLoginBackoff } from '../../auth/login-backoff.js';
import { type Config, DEFAULT_LIMITS } from '../../config.js';
import { createRateLimiter } from '../../policy/rate-limit.js';
import { clientAddress } from '../../transport/client-address.js';
import { apiError, json, MAX_JSON_BODY, readJson } from '../respond.js';

export interface AgentAuthOptions {
  config: Partial<Pick<Config, 'limits' | 'trustProxy'>>;
  agents: AgentDirectory;
  logger: Logger;
  /** Resolves once the store is loaded; the routes wait for it. */
  ready: Promise<void>;
  /** Told the name of each abuse limit that refused a request. */
  onRateLimited?: (limit: string) => void;
}

export interface AgentAuthRoutes {
  /** `POST /api/agent/login`. */
  login(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** `GET /api/agent/me`. */
  me(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/**
 * The agent sign-in routes; the limiter and back-off live as long as the handler.
 * @example const auth = createAgentAuthRoutes({ config, agents, logger, ready })
 */
export function createAgentAuthRoutes(options: AgentAuthOptions): AgentAuthRoutes {
  const { config, agents, logger } = options;
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

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
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
      logger.warn({ ...(await accountFields(email)), address, failures }, 'agent sign-in refused');
      return apiError(res, 401, 'INVALID_CREDENTIALS');
    }
    backoff.succeeded(email);
    logger.info({ agentId: login.agent.id }, 'agent signed in');
    return json(res, 200, login);
  }

  async function me(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    if (method !== 'GET') return apiError(res, 405, 'BAD_REQUEST', 'Use GET.');
    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) return apiError(res, 401, 'UNAUTHORIZED');
    await options.ready;
    const result = await agents.authenticate(token, Date.now());
    if (!result.ok) return apiError(res, 401, result.code);
    return json(res, 200, result.agent);
  }

  return { login, me };
}
