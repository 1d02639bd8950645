/** One limit: at most `limit` hits per `windowMs` under `key`. */
export interface Limit {
  key: string;
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
  /** Keys held (for tests). */
  readonly size: number;
}

/** Forget keys idle this long at the latest. */
const SWEEP_EVERY = 500;

/**
 * A sliding-window rate limiter: each key keeps the times of its hits within its window.
 * @example if (!limiter.take([{ key: `ip:${ip}`, limit: 10, windowMs: 3_600_000 }], Date.now())) refuse()
 */
export function createRateLimiter(): RateLimiter {
  const hits = new Map<string, { times: number[]; windowMs: number }>();
  let calls = 0;
  const recent = (key: string, windowMs: number, now: number) => {
    const entry = hits.get(key);
    if (!entry) return [];
    entry.times = entry.times.filter((t) => t > now - windowMs);
    return entry.times;
  };
  const sweep = (now: number) => {
    for (const [key, entry] of hits) {
      if (entry.times.every((t) => t <= now - entry.windowMs)) hits.delete(key);
    }
  };
  return {
    take(limits, now) {
      if (++calls % SWEEP_EVERY === 0) sweep(now);
      if (limits.some((l) => recent(l.key, l.windowMs, now).length >= l.limit)) return false;
      for (const l of limits) {
        const entry = hits.get(l.key) ?? { times: [], windowMs: l.windowMs };
        entry.times.push(now);
        hits.set(l.key, entry);
      }
      return true;
    },
    get size() {
      return hits.size;
    },
  };
}
