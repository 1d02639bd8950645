import * as z from 'zod/mini';
import { ERROR_CODES } from './errors.js';
import { AgentProfile } from './model.js';

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
