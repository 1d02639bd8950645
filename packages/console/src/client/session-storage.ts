import { LoginResponse } from '@switchboard/shared';

/** localStorage key of the agent's session (see docs/widget-internals.md, "Browser storage"). */
export const SESSION_KEY = 'switchboard:console:session';
/** localStorage key of the per-conversation read markers (seq last seen). */
export const READ_KEY = 'switchboard:console:read';

/** What a reload needs to stay signed in: the login answer, kept as is. */
export type StoredSession = LoginResponse;

/** The part of `Storage` the console uses, so tests and private-mode browsers can pass their own. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function read(storage: KeyValueStorage | null, key: string): unknown {
  try {
    const raw = storage?.getItem(key);
    return raw ? (JSON.parse(raw) as unknown) : null;
  } catch {
    return null;
  }
}

function write(storage: KeyValueStorage | null, key: string, value: unknown): void {
  try {
    storage?.setItem(key, JSON.stringify(value));
  } catch (error) {
    // Full or disabled storage: the console still works, a reload just asks to sign in again.
    console.warn('[switchboard] could not write browser storage', error);
  }
}

/**
 * The stored session, if it is well-formed and not expired (a minute of margin, so a token is not
 * used just as it lapses). An expired or corrupt entry is removed.
 * @example const session = loadSession(localStorage, Date.now())
 */
export function loadSession(storage: KeyValueStorage | null, now: number): StoredSession | null {
  const parsed = LoginResponse.safeParse(read(storage, SESSION_KEY));
  if (parsed.success && parsed.data.expiresAt > now + 60_000) return parsed.data;
  clearSession(storage);
  return null;
}

/** Keep the session so a reload stays signed in. */
export function saveSession(storage: KeyValueStorage | null, session: StoredSession): void {
  write(storage, SESSION_KEY, session);
}

/** Forget the session (sign out, or the relay refused the token). */
export function clearSession(storage: KeyValueStorage | null): void {
  try {
    storage?.removeItem(SESSION_KEY);
  } catch {
    // Nothing to forget when storage is unavailable.
  }
}

/**
 * Read markers (conversation id -> seq seen), so a reload does not mark everything unread.
 * @example createInitialState({ lastRead: loadReadMarkers(localStorage) })
 */
export function loadReadMarkers(storage: KeyValueStorage | null): Record<string, number> {
  const value = read(storage, READ_KEY);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const markers: Record<string, number> = {};
  for (const [id, seq] of Object.entries(value)) {
    if (typeof seq === 'number' && Number.isInteger(seq) && seq >= 0) markers[id] = seq;
  }
  return markers;
}

/** Save read markers; only those of conversations still in the inbox are kept. */
export function saveReadMarkers(
  storage: KeyValueStorage | null,
  markers: Record<string, number>,
  keep: ReadonlySet<string>,
): void {
  const kept = Object.fromEntries(Object.entries(markers).filter(([id]) => keep.has(id)));
  write(storage, READ_KEY, kept);
}
