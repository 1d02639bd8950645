// Rate limits across a cluster's nodes: each node counts its own hits exactly (the limiter's
// sliding window) and, every FLUSH_MS, tells the other nodes of its new hits (their times, per key)
// over Redis pub/sub; each node adds the others' hits still in the window to its own. A limit
// then holds across nodes to within what the others let through in one interval, with no Redis
// round trip on the path of a message. A node that joins late has not heard the hits made before.
import type { SharedCounts } from '../policy/rate-limit.js';
import type { Bus } from './bus.js';

const FLUSH_MS = 200;

/** What one node reports: per key, its window and the times of its new hits. */
interface Report {
  node: string;
  hits: Array<[key: string, windowMs: number, times: number[]]>;
}

export interface ClusterLimits extends SharedCounts {
  /** Stop reporting. */
  stop(): void;
}

/**
 * Shared counts over `bus()` (null until connected: until then each node counts alone).
 * @example const limiter = createRateLimiter(createClusterLimits(() => node.bus, 'n1'))
 */
export function createClusterLimits(
  bus: () => Bus | null,
  nodeId: string,
  prefix = 'sb',
): ClusterLimits {
  const channel = `${prefix}:limits`;
  /** The other nodes' hits per key, oldest first, with the key's window. */
  const others = new Map<string, { windowMs: number; times: number[] }>();
  /** This node's hits since the last report. */
  let fresh = new Map<string, { windowMs: number; times: number[] }>();
  /** Listening to the others (once the bus is up; again if that failed). */
  let listening = false;

  const prune = (entry: { windowMs: number; times: number[] }, now: number) => {
    const cutoff = now - entry.windowMs;
    let drop = 0;
    while (drop < entry.times.length && entry.times[drop]! <= cutoff) drop++;
    if (drop > 0) entry.times.splice(0, drop);
    return entry.times.length;
  };

  function heard(report: Report) {
    if (report.node === nodeId) return;
    const now = Date.now();
    for (const [key, windowMs, times] of report.hits) {
      let entry = others.get(key);
      if (!entry) {
        entry = { windowMs, times: [] };
        others.set(key, entry);
      }
      for (const at of times) {
        // Kept sorted: reports from several nodes interleave.
        let i = entry.times.length;
        while (i > 0 && entry.times[i - 1]! > at) i--;
        entry.times.splice(i, 0, at);
      }
      if (prune(entry, now) === 0) others.delete(key);
    }
  }

  function flush() {
    const redis = bus();
    if (!redis) return;
    if (!listening) {
      listening = true;
      redis
        .subscribe(channel, (m) => heard(m as Report))
        .catch(() => {
          listening = false;
        });
    }
    const now = Date.now();
    for (const [key, entry] of others) if (prune(entry, now) === 0) others.delete(key);
    if (fresh.size === 0) return;
    const report: Report = {
      node: nodeId,
      hits: [...fresh].map(([key, { windowMs, times }]) => [key, windowMs, times]),
    };
    fresh = new Map();
    redis.publish(channel, report);
  }

  const timer = setInterval(flush, FLUSH_MS);
  timer.unref();

  return {
    count(key, now) {
      const entry = others.get(key);
      return entry ? prune(entry, now) : 0;
    },
    hit(key, windowMs, now) {
      let entry = fresh.get(key);
      if (!entry) {
        entry = { windowMs, times: [] };
        fresh.set(key, entry);
      }
      entry.times.push(now);
    },
    stop: () => clearInterval(timer),
  };
}
