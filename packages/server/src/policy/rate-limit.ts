/** One limit: at most `limit` hits per `windowMs` under `key`. */
export interface Limit {
  key: string;
  /** The limit's name, for logs and metrics (`messagesPerIpPerMinute`...). */
  name?: string;
  limit: number;
  windowMs: number;
}

/** Sliding-window counters in memory (one relay process). */
export interface RateLimiter {
  /**
   * Whether every limit has room: then one hit is counted under each key and true is returned;
   * otherwise nothing is counted and false is returned.
   */
  take(limits: readonly Limit[], now: number): boolean;
  /** Like `take`, but returns the first limit without room (nothing counted), or null (counted). */
  check(limits: readonly Limit[], now: number): Limit | null;
  /** Keys held (for tests). */
  readonly size: number;
}

/**
 * Hits counted elsewhere (the other nodes of a cluster), added to this limiter's own: `count` is
 * what the others hold under a key (as of their last report), `hit` tells them of one here.
 */
export interface SharedCounts {
  count(key: string, now: number): number;
  hit(key: string, windowMs: number, now: number): void;
}

/** Sweep idle keys every this many calls. */
const SWEEP_EVERY = 500;

/**
 * The hits of one key within its window, oldest first: a queue read from `head`, so expiring
 * hits costs nothing per call beyond the hits that expire (never a copy of the whole window).
 */
interface Hits {
  times: number[];
  head: number;
  windowMs: number;
}

/** Drop the hits that left the window ending at `now`; how many are left. */
function inWindow(entry: Hits, windowMs: number, now: number): number {
  const { times } = entry;
  const cutoff = now - windowMs;
  let head = entry.head;
  while (head < times.length && times[head]! <= cutoff) head++;
  if (head === times.length) {
    times.length = 0;
    head = 0;
  } else if (head > 64 && head * 2 > times.length) {
    times.splice(0, head);
    head = 0;
  }
  entry.head = head;
  return times.length - head;
}

/** Record a hit at `now`, keeping the times sorted (a clock that steps back stays exact). */
function record(entry: Hits, now: number) {
  const { times } = entry;
  let at = times.length;
  while (at > entry.head && times[at - 1]! > now) at--;
  if (at === times.length) times.push(now);
  else times.splice(at, 0, now);
}

/**
 * A sliding-window rate limiter (with `shared`, one that also counts the hits of a cluster's other
 * nodes): each key keeps the times of its hits within its window (at most
 * `limit` of them, since a full key counts nothing more). Checking a key costs the hits that
 * expired since, so a busy key (every visitor behind one address) costs as little as a quiet one.
 * @example if (!limiter.take([{ key: `ip:${ip}`, limit: 10, windowMs: 3_600_000 }], Date.now())) refuse()
 */
export function createRateLimiter(shared?: SharedCounts): RateLimiter {
  const hits = new Map<string, Hits>();
  let calls = 0;
  const sweep = (now: number) => {
    for (const [key, entry] of hits) {
      if (inWindow(entry, entry.windowMs, now) === 0) hits.delete(key);
    }
  };
  const check = (limits: readonly Limit[], now: number): Limit | null => {
    if (++calls % SWEEP_EVERY === 0) sweep(now);
    for (const l of limits) {
      const entry = hits.get(l.key);
      const here = entry ? inWindow(entry, l.windowMs, now) : 0;
      if (here + (shared ? shared.count(l.key, now) : 0) >= l.limit) return l;
    }
    for (const l of limits) {
      let entry = hits.get(l.key);
      if (!entry) {
        entry = { times: [], head: 0, windowMs: l.windowMs };
        hits.set(l.key, entry);
      }
      record(entry, now);
      shared?.hit(l.key, l.windowMs, now);
    }
    return null;
  };
  return {
    take: (limits, now) => check(limits, now) === null,
    check,
    get size() {
      return hits.size;
    },
  };
}

/** A token bucket for one socket's frames: bursts up to `perSecond`, refilled at that rate. */
export interface FrameBudget {
  /** Whether a frame may be handled now (one token is spent), else false (nothing spent). */
  take(now: number): boolean;
}

/**
 * @example const budget = createFrameBudget(20); if (!budget.take(Date.now())) refuse()
 */
export function createFrameBudget(perSecond: number): FrameBudget {
  let tokens = perSecond;
  let at = 0;
  return {
    take(now) {
      tokens = Math.min(perSecond, tokens + ((now - at) * perSecond) / 1000);
      at = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

/** Things open at once per key (sockets per address). */
export interface OpenCounter {
  /**
   * Count one more under `key` if fewer than `limit` are open: returns the release (safe to call
   * more than once), or null when the key is full.
   */
  open(key: string, limit: number): (() => void) | null;
  /** How many are open under `key`. */
  count(key: string): number;
}

/** @example const release = counter.open(address, 100); if (!release) refuse(); else socket.once('disconnect', release) */
export function createOpenCounter(): OpenCounter {
  const counts = new Map<string, number>();
  return {
    open(key, limit) {
      const current = counts.get(key) ?? 0;
      if (current >= limit) return null;
      counts.set(key, current + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (counts.get(key) ?? 1) - 1;
        if (left <= 0) counts.delete(key);
        else counts.set(key, left);
      };
    },
    count: (key) => counts.get(key) ?? 0,
  };
}
