// Per-account sign-in back-off: the per-address limit alone let a handful of addresses guess one
// agent's password forever. Pure and in memory (one relay process); the clock is passed in.

/** The settings of a back-off (from `limits`). */
export interface LoginBackoffOptions {
  /** Wrong passwords in a row an account may have before it must wait. @default 5 */
  failuresAllowed: number;
  /** The longest wait, in seconds (waits double from 1 s up to it). @default 30 */
  maxWaitSec: number;
  /** Accounts remembered at most; past it the stalest are forgotten. @default 10000 */
  maxAccounts?: number;
}

/** Signs-in failures of one account. */
interface Failures {
  count: number;
  last: number;
}

/** A quiet account's failures are forgotten after this long. */
const FORGET_AFTER_MS = 15 * 60 * 1000;

/** Per-account sign-in back-off. Keys are what was typed, normalised (`trim`, lowercase). */
export interface LoginBackoff {
  /** Seconds this account must still wait before a password is checked (0: it may try now). */
  waitSec(account: string, now: number): number;
  /** Count a wrong password; returns the failures in a row so far. */
  failed(account: string, now: number): number;
  /** A right password: the account starts over. */
  succeeded(account: string): void;
  /** Accounts held (for tests). */
  readonly size: number;
}

/**
 * The wait after `count` failures in a row: none up to `failuresAllowed`, then 1, 2, 4… seconds,
 * at most `maxWaitSec`.
 * @example backoffSec(7, 5, 30) // 4
 */
export function backoffSec(count: number, failuresAllowed: number, maxWaitSec: number): number {
  if (count < failuresAllowed) return 0;
  const doublings = Math.min(count - failuresAllowed, 30);
  return Math.min(2 ** doublings, maxWaitSec);
}

/**
 * Per-account back-off: after `failuresAllowed` wrong passwords in a row, the account waits 1 s,
 * then 2, 4… up to `maxWaitSec` after each further failure. A wait only starts with a checked
 * wrong password (an attempt refused during a wait does not lengthen it), so the real agent gets
 * in at most `maxWaitSec` after an attack stops. Unknown accounts are treated alike, so the
 * answers never tell which emails exist.
 * @example const backoff = createLoginBackoff({ failuresAllowed: 5, maxWaitSec: 30 })
 */
export function createLoginBackoff(options: LoginBackoffOptions): LoginBackoff {
  const { failuresAllowed, maxWaitSec } = options;
  const maxAccounts = options.maxAccounts ?? 10_000;
  const accounts = new Map<string, Failures>();
  const key = (account: string) => account.trim().toLowerCase();
  const current = (account: string, now: number): Failures | undefined => {
    const entry = accounts.get(key(account));
    if (entry && now - entry.last > FORGET_AFTER_MS) {
      accounts.delete(key(account));
      return undefined;
    }
    return entry;
  };

  return {
    waitSec(account, now) {
      const entry = current(account, now);
      if (!entry) return 0;
      const untilMs = entry.last + backoffSec(entry.count, failuresAllowed, maxWaitSec) * 1000;
      return untilMs > now ? Math.ceil((untilMs - now) / 1000) : 0;
    },
    failed(account, now) {
      const entry = current(account, now) ?? { count: 0, last: now };
      entry.count += 1;
      entry.last = now;
      // Re-inserted, so the Map's order is the order of last failure: the first is the stalest.
      accounts.delete(key(account));
      accounts.set(key(account), entry);
      while (accounts.size > maxAccounts) {
        const stalest = accounts.keys().next().value;
        if (stalest === undefined) break;
        accounts.delete(stalest);
      }
      return entry.count;
    },
    succeeded(account) {
      accounts.delete(key(account));
    },
    get size() {
      return accounts.size;
    },
  };
}
