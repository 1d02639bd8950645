import * as z from 'zod/mini';
import { ERROR_CODES } from './errors.js';
import { AgentProfile, Callback, CallbackOutcome, TimeWindow } from './model.js';

/** `POST /api/agent/login` body. */
export const LoginRequest = z.object({
  email: z.string().check(z.minLength(3), z.maxLength(254)),
  password: z.string().check(z.minLength(1), z.maxLength(1024)),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** `POST /api/agent/login` answer: a bearer token for HTTP and the agent socket. */
export const LoginResponse = z.object({
  token: z.string(),
  /** Milliseconds since the epoch. */
  expiresAt: z.number(),
  agent: AgentProfile,
});
export type LoginResponse = z.infer<typeof LoginResponse>;

/** Every non-2xx HTTP answer of the relay's API. */
export const ApiError = z.object({
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }),
});
export type ApiError = z.infer<typeof ApiError>;

// ----- REST API v1 (API keys: `Authorization: Bearer <key>`) ---------------------------------

/** `GET /api/v1/callbacks` answer, newest first. `next` is the cursor for the following page. */
export const CallbackList = z.object({
  callbacks: z.array(Callback),
  next: z.nullable(z.string()),
});
export type CallbackList = z.infer<typeof CallbackList>;

/**
 * `PATCH /api/v1/callbacks/:id` body: cancel it, move it to another offered slot, or record the
 * outcome of a call made by a dialer (as the agent with `agentEmail`). Answered with the `Callback`.
 */
export const CallbackPatch = z.discriminatedUnion('action', [
  z.object({ action: z.literal('cancel') }),
  z.object({ action: z.literal('reschedule'), window: z.nullable(TimeWindow) }),
  z.object({
    action: z.literal('outcome'),
    outcome: CallbackOutcome,
    agentEmail: z.string().check(z.maxLength(254)),
    note: z.optional(z.string().check(z.maxLength(5000))),
  }),
]);
export type CallbackPatch = z.infer<typeof CallbackPatch>;

/**
 * The body of every webhook POST. Signed: header `Switchboard-Signature: t=<unix seconds>,v1=<hex>`
 * where hex = HMAC-SHA256(secret, `${t}.${raw body}`). Retried with backoff until a 2xx.
 */
export const WebhookPayload = z.object({
  /** Unique per event; the same on every retry, so receivers can deduplicate. */
  id: z.string(),
  event: z.enum(['callback.requested', 'callback.updated', 'callback.completed']),
  createdAt: z.number(),
  callback: Callback,
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;
