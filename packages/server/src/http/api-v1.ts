import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CallbackList,
  CallbackPatch,
  CallbackStatus,
  cleanInbound,
  type ErrorCode,
  issueDetails,
} from '@switchboard/shared';
import type { Logger } from 'pino';
import type { ApiKeyConfig, ApiScope } from '../config.js';
import type { ApiActor, Command, ReplyEffect } from '../core/types.js';
import type { Engine } from '../engine/engine.js';
import type { AgentQueries } from '../queries/agents.js';
import type { CallbackQueries } from '../queries/callbacks.js';
import { apiError, json, MAX_JSON_BODY, readJson } from './respond.js';

/** Default and largest page of `GET /api/v1/callbacks`. */
export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 100;

/**
 * The sha256 (hex) of an API key, as the config keeps it.
 * @example hashApiKey('sbk_...') // '9f86d0...'
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * A new random API key and its hash: the key is shown once, the hash goes in the config.
 * @example const { key, keyHash } = createApiKey()
 */
export function createApiKey(): { key: string; keyHash: string } {
  const key = `sbk_${randomBytes(24).toString('base64url')}`;
  return { key, keyHash: hashApiKey(key) };
}

/**
 * The configured API key a request carries (`Authorization: Bearer <key>`), or null.
 * @example findApiKey(config.apiKeys, req)?.name // 'crm'
 */
export function findApiKey<K extends Pick<ApiKeyConfig, 'keyHash'>>(
  keys: readonly K[],
  req: Pick<IncomingMessage, 'headers'>,
): K | null {
  const key = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!key) return null;
  const hash = Buffer.from(hashApiKey(key), 'hex');
  for (const k of keys) {
    const known = Buffer.from(k.keyHash, 'hex');
    if (known.length === hash.length && timingSafeEqual(known, hash)) return k;
  }
  return null;
}

/**
 * Refuse a key without `scope`: HTTP 403 `FORBIDDEN` naming the scope. True when refused.
 * @example if (refuseScope(res, key, 'export:read')) return true;
 */
export function refuseScope(
  res: ServerResponse,
  key: Pick<ApiKeyConfig, 'name' | 'scopes'>,
  scope: ApiScope,
): boolean {
  if (key.scopes.includes(scope)) return false;
  apiError(
    res,
    403,
    'FORBIDDEN',
    `This API key lacks the scope "${scope}"; add it to the key's "scopes" in the config.`,
  );
  return true;
}

export interface ApiV1Options {
  keys: readonly ApiKeyConfig[];
  /** Changes go to the engine as commands. */
  engine: Pick<Engine, 'dispatch'>;
  /** Reads go to the read side. */
  reads: {
    callbacks: Pick<CallbackQueries, 'page' | 'get'>;
    agents: Pick<AgentQueries, 'activeByEmail'>;
  };
  logger: Pick<Logger, 'info'>;
  /** Resolves once the store is loaded. */
  ready: Promise<void>;
}

/** HTTP status for each error the core may answer a patch with. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  NOT_FOUND: 404,
  CALLBACK_CLOSED: 409,
  SLOT_UNAVAILABLE: 409,
  AGENT_UNAVAILABLE: 409,
  FORBIDDEN: 403,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

const encodeCursor = (c: { createdAt: number; id: string }) =>
  Buffer.from(JSON.stringify([c.createdAt, c.id])).toString('base64url');

function decodeCursor(cursor: string): { createdAt: number; id: string } | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isInteger(value[0]) &&
      typeof value[1] === 'string'
    ) {
      return { createdAt: value[0] as number, id: value[1] };
    }
  } catch {
    // Not a cursor we made.
  }
  return null;
}

/** Run a command through the engine: its reply frame. */
function dispatch(engine: ApiV1Options['engine'], command: Command) {
  return new Promise<ReplyEffect['frame']>((resolve) => {
    void engine.dispatch(command, resolve);
  });
}

/** `GET /api/v1/callbacks`: one page, newest first, filtered by status and department. */
async function listCallbacks(
  reads: ApiV1Options['reads'],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const query = new URL(req.url ?? '/', 'http://relay').searchParams;
  const status = query.get('status');
  const limitText = query.get('limit');
  const limit = limitText === null ? PAGE_DEFAULT : Number(limitText);
  const cursorText = query.get('cursor');
  const cursor = cursorText === null ? undefined : decodeCursor(cursorText);
  const problems = [
    status !== null && !CallbackStatus.safeParse(status).success
      ? 'status: must be scheduled, calling, completed, missed or cancelled'
      : null,
    !Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX
      ? `limit: must be a whole number from 1 to ${PAGE_MAX}`
      : null,
    cursor === null ? 'cursor: is not a cursor this API returned' : null,
  ].filter((p) => p !== null);
  if (problems.length > 0) {
    apiError(res, 400, 'BAD_REQUEST', `The query is not valid: ${problems.join('; ')}.`);
    return;
  }
  const departmentId = query.get('departmentId');
  const page = await reads.callbacks.page({
    limit,
    ...(status !== null ? { status: status as CallbackStatus } : {}),
    ...(departmentId !== null ? { departmentId } : {}),
    ...(cursor ? { before: cursor } : {}),
  });
  const body: CallbackList = {
    callbacks: page.callbacks,
    next: page.next ? encodeCursor(page.next) : null,
  };
  json(res, 200, body);
}

/** `PATCH /api/v1/callbacks/:id`: the change as a core command, answered with the callback. */
async function patchCallback(
  options: Pick<ApiV1Options, 'engine' | 'reads' | 'logger'>,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  keyName: string,
): Promise<void> {
  const { reads, logger } = options;
  const body = await readJson(req, MAX_JSON_BODY);
  if (!body.ok) {
    apiError(res, body.status, body.code, body.message);
    return;
  }
  // The dialer's note reaches agents' screens and exports: cleaned as a console's note is (escape
  // sequences, controls and direction overrides removed; a NUL or lone surrogate refused).
  const cleaned =
    typeof body.value === 'object' && body.value !== null && !Array.isArray(body.value)
      ? cleanInbound(body.value as Record<string, unknown>)
      : { value: body.value };
  if ('path' in cleaned) {
    apiError(
      res,
      400,
      'BAD_REQUEST',
      `The request is not valid: ${cleaned.path}: ${cleaned.message}.`,
    );
    return;
  }
  const parsed = CallbackPatch.safeParse(cleaned.value);
  if (!parsed.success) {
    const message = issueDetails(parsed.error.issues)
      .map((d) => `${d.path || 'body'}: ${d.message}`)
      .join('; ');
    apiError(res, 400, 'BAD_REQUEST', `The request is not valid: ${message}.`);
    return;
  }
  const patch = parsed.data;
  const api: ApiActor = { role: 'api', name: keyName };
  let command: Command;
  if (patch.action === 'cancel') {
    command = { type: 'callback.cancel', by: api, callbackId: id };
  } else if (patch.action === 'reschedule') {
    command = { type: 'callback.reschedule', by: api, callbackId: id, window: patch.window };
  } else {
    const agent = await reads.agents.activeByEmail(patch.agentEmail);
    if (!agent) {
      apiError(res, 400, 'BAD_REQUEST', 'agentEmail: names no agent of this relay.');
      return;
    }
    command = {
      type: 'callback.outcome',
      agent: { role: 'agent', id: agent.id, name: agent.name },
      callbackId: id,
      outcome: patch.outcome,
      ...(patch.note ? { note: patch.note } : {}),
    };
  }
  const reply = await dispatch(options.engine, command);
  if (reply.type === 'error') {
    // 503: the database is out of reach for now; a client may try again after a few seconds.
    const headers: Record<string, string> =
      reply.code === 'UNAVAILABLE' ? { 'Retry-After': '5' } : {};
    apiError(res, STATUS[reply.code] ?? 400, reply.code, reply.message, headers);
    return;
  }
  logger.info(
    { key: keyName, callbackId: id, action: patch.action },
    'callback changed by the API',
  );
  await sendCallback(reads, res, id);
}

/** The callback as stored, or 404. */
async function sendCallback(
  reads: ApiV1Options['reads'],
  res: ServerResponse,
  id: string,
): Promise<void> {
  const callback = await reads.callbacks.get(id);
  if (!callback) apiError(res, 404, 'NOT_FOUND', 'No callback with that id.');
  else json(res, 200, callback);
}

/**
 * The REST API for integrations (`Authorization: Bearer <key>`): list, read and change callbacks.
 * Changes go through the same core commands as the widget and the console.
 * @example createHttpHandler({ ..., api: createApiV1({ keys, engine, reads, logger, ready }) })
 */
export function createApiV1(options: ApiV1Options) {
  const { reads } = options;
  return async function handleApiV1(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<boolean> {
    const list = path === '/api/v1/callbacks';
    const one = /^\/api\/v1\/callbacks\/([^/]+)$/.exec(path);
    if (!list && !one) return false;
    const key = findApiKey(options.keys, req);
    if (key === null) {
      apiError(res, 401, 'UNAUTHORIZED', 'Send an API key: Authorization: Bearer <key>.');
      return true;
    }
    const method = req.method ?? 'GET';
    // Reads need `callbacks:read`, a change `callbacks:write` (other methods get their 405 below).
    if (refuseScope(res, key, method === 'PATCH' ? 'callbacks:write' : 'callbacks:read')) {
      return true;
    }
    await options.ready;

    if (list) {
      if (method !== 'GET') apiError(res, 405, 'BAD_REQUEST', 'Use GET.');
      else await listCallbacks(reads, req, res);
      return true;
    }

    // A malformed escape (`%zz`) names no callback: 404, not a URIError (500).
    let id: string;
    try {
      id = decodeURIComponent(one![1]!);
    } catch {
      apiError(res, 404, 'NOT_FOUND', 'No callback with that id.');
      return true;
    }
    if (method === 'GET') await sendCallback(reads, res, id);
    else if (method === 'PATCH') await patchCallback(options, req, res, id, key.name);
    else apiError(res, 405, 'BAD_REQUEST', 'Use GET or PATCH.');
    return true;
  };
}
