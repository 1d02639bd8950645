import {
  ApiError,
  ERROR_MESSAGES,
  type ErrorCode,
  type LoginRequest,
  LoginResponse,
} from '@switchboard/shared';
import { en } from '../i18n/en.js';

/** The outcome of signing in: the session, or a code and a message to show. */
export type LoginResult =
  | { ok: true; session: LoginResponse }
  | { ok: false; code: ErrorCode | 'NETWORK'; message: string };

/** The console's API path on its own origin. @default '/api/agent/login' */
export const LOGIN_PATH = '/api/agent/login';

/**
 * `POST /api/agent/login`. Never throws: a network failure, an `ApiError` body (its message is
 * shown as is, e.g. "Wrong email or password.") and an unexpected answer all come back as data.
 * @example const result = await login(fetch, { email, password })
 */
export async function login(
  fetchFn: typeof fetch,
  request: LoginRequest,
  url: string = LOGIN_PATH,
): Promise<LoginResult> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, code: 'NETWORK', message: en.signIn.unreachable };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: handled below as an unexpected answer.
  }
  if (response.ok) {
    const parsed = LoginResponse.safeParse(body);
    if (parsed.success) return { ok: true, session: parsed.data };
    return { ok: false, code: 'INTERNAL', message: en.signIn.unexpected };
  }
  const error = ApiError.safeParse(body);
  if (error.success) {
    const { code, message } = error.data.error;
    return { ok: false, code, message: message || ERROR_MESSAGES[code] };
  }
  if (response.status === 401) {
    return { ok: false, code: 'INVALID_CREDENTIALS', message: ERROR_MESSAGES.INVALID_CREDENTIALS };
  }
  return { ok: false, code: 'INTERNAL', message: en.signIn.unexpected };
}
