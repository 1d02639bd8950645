import { StoreUnavailableError } from '../errors.js';

/** Why a PostgreSQL store could not be opened. */
export const STORE_OPEN_ERROR_CODES = {
  /** The URL is not a `postgres://` (or `postgresql://`) URL. */
  BAD_URL: 'BAD_URL',
  /** Nothing answered at the URL's host and port (refused, unknown host, timed out). */
  UNREACHABLE: 'UNREACHABLE',
  /** The server refused the user or the password. */
  AUTH: 'AUTH',
  /** The server has no database of that name. */
  NO_DATABASE: 'NO_DATABASE',
  /** The database was migrated by a newer relay than this one. */
  TOO_NEW: 'TOO_NEW',
  /** Anything else (the server's message says what). */
  FAILED: 'FAILED',
} as const;
export type StoreOpenErrorCode = keyof typeof STORE_OPEN_ERROR_CODES;

/**
 * A store that could not be opened, with a code to act on and a message for a person: it names
 * the server and what is wrong, never the password.
 * @example if (error instanceof StoreOpenError && error.code === 'UNREACHABLE') retryLater()
 */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
  readonly code: StoreOpenErrorCode;

  constructor(code: StoreOpenErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** What the messages say about a URL: where it points, never its password. */
export interface Target {
  /** `host:port`, or the socket directory for a Unix socket. */
  where: string;
  /** The password, only to scrub it from a server's message (it never writes one; belt and braces). */
  password: string;
}

/**
 * Read a `postgres://` URL for the messages, or refuse it with `BAD_URL`. The message never
 * repeats the URL: a malformed one may still hold a password.
 * @example parseTarget('postgres://app:secret@db:5432/switchboard').where === 'db:5432'
 */
export function parseTarget(url: string): Target {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreOpenError(
      'BAD_URL',
      'not a postgres:// URL (postgres://user:password@host:port/database)',
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new StoreOpenError(
      'BAD_URL',
      `not a postgres:// URL: it starts with "${parsed.protocol}//" (postgres://user:password@host:port/database)`,
    );
  }
  const socketDir = parsed.searchParams.get('host');
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const where = host
    ? `${host.includes(':') ? `[${host}]` : host}:${parsed.port || '5432'}`
    : (socketDir ?? 'localhost:5432');
  return { where, password: decodeURIComponent(parsed.password) };
}

/**
 * The URL with its password replaced by `***`, for logs.
 * @example maskPostgresUrl('postgres://app:secret@db/sb') === 'postgres://app:***@db/sb'
 */
export function maskPostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

/** The code of an error, or of the first of an AggregateError (a host with several addresses). */
function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  const first = (error as { errors?: unknown[] } | null)?.errors?.[0];
  return first === undefined ? undefined : codeOf(first);
}

/**
 * The `StoreOpenError` for what connecting or migrating threw: the server's SQLSTATE (28P01,
 * 3D000, ...) or the socket's errno (ECONNREFUSED, ENOTFOUND, ...), with a message that names
 * the server. An error that already is a `StoreOpenError` is kept.
 * @example throw toOpenError(error, parseTarget(url))
 */
export function toOpenError(thrown: unknown, target: Target): StoreOpenError {
  if (thrown instanceof StoreOpenError) return thrown;
  // The pool says "out of reach" for any failed connect: at open, the cause tells which.
  const error = thrown instanceof StoreUnavailableError ? thrown.cause : thrown;
  const scrub = (text: string) =>
    target.password ? text.split(target.password).join('***') : text;
  const said = scrub(error instanceof Error ? error.message : String(error));
  const at = `PostgreSQL at ${target.where}`;
  const open = (code: StoreOpenErrorCode, message: string) =>
    new StoreOpenError(code, message, { cause: error });
  switch (codeOf(error)) {
    case 'ECONNREFUSED':
      return open('UNREACHABLE', `${at} refused the connection (is it running?)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return open('UNREACHABLE', `${at}: the host name was not found`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ECONNRESET':
    case 'ENOENT': // a Unix socket that is not there
      return open('UNREACHABLE', `${at} could not be reached (${codeOf(error)})`);
    case '28P01': // invalid_password
    case '28000': // invalid_authorization_specification: no such role, or pg_hba.conf refuses
      return open('AUTH', `${at}: ${said}`);
    case '3D000': // invalid_catalog_name
      return open('NO_DATABASE', `${at}: ${said} (create it first)`);
  }
  if (/timeout/i.test(said)) return open('UNREACHABLE', `${at} did not answer in time`);
  // node-postgres's own words when the server asks for a password the URL does not have.
  if (/password must be a string|SASL|SCRAM/.test(said)) {
    return open('AUTH', `${at} asked for a password the URL does not give, or refused it: ${said}`);
  }
  return open('FAILED', `${at}: ${said}`);
}
