import type { ServiceLevelTarget } from './model.js';

/**
 * Erlang B blocking probability by the recursion `B(0) = 1`, `B(n) = A·B(n−1) / (n + A·B(n−1))`:
 * no factorials or powers, so it stays finite for thousands of agents.
 */
function erlangB(agents: number, traffic: number): number {
  let b = 1;
  for (let n = 1; n <= agents; n++) b = (traffic * b) / (n + traffic * b);
  return b;
}

/**
 * Erlang C probability that a contact waits: `agents` servers, `traffic` in erlangs (arrivals/s ×
 * AHT s). `C = N·B / (N − A·(1 − B))` with B the Erlang B value; 1 when `N <= A` (the queue grows
 * without bound), 0 when nothing arrives.
 * @example erlangC(11, 10) // ≈ 0.6821
 */
export function erlangC(agents: number, traffic: number): number {
  if (traffic <= 0) return 0;
  if (agents <= traffic) return 1;
  const b = erlangB(agents, traffic);
  return (agents * b) / (agents - traffic * (1 - b));
}

/**
 * Expected service level: share answered within targetSec,
 * `SL = 1 − C(N, A) · e^(−(N − A) · T / AHT)` with `A = λ · AHT` (λ per second). 1 when nothing
 * arrives; 0 when `N <= A`.
 * @example serviceLevel(14, 200, 180, 20) // ≈ 0.888 (A = 10 erlangs)
 */
export function serviceLevel(
  agents: number,
  arrivalsPerHour: number,
  ahtSec: number,
  targetSec: number,
): number {
  const traffic = (arrivalsPerHour / 3600) * ahtSec;
  if (traffic <= 0) return 1;
  if (agents <= traffic) return 0;
  const c = erlangC(agents, traffic);
  return Math.min(1, Math.max(0, 1 - c * Math.exp((-(agents - traffic) * targetSec) / ahtSec)));
}

/** Past this many agents above the traffic, a goal of (nearly) 100% is treated as reached. */
const MAX_EXTRA_AGENTS = 10_000;

/**
 * Fewest agents that reach `target.goal` (traffic + 1 at least; 0 when nothing arrives). Walks N
 * up from ⌊A⌋ + 1 with the Erlang B recursion carried along, so each step costs O(1).
 * @example agentsNeeded(200, 180, { targetSec: 20, goal: 0.8 }) // 14
 */
export function agentsNeeded(
  arrivalsPerHour: number,
  ahtSec: number,
  target: ServiceLevelTarget,
): number {
  if (arrivalsPerHour <= 0) return 0;
  const traffic = (arrivalsPerHour / 3600) * ahtSec;
  let n = Math.floor(traffic) + 1;
  if (traffic <= 0) return n;
  let b = erlangB(n, traffic);
  for (let extra = 0; extra < MAX_EXTRA_AGENTS; extra++) {
    const c = (n * b) / (n - traffic * (1 - b));
    const sl = 1 - c * Math.exp((-(n - traffic) * target.targetSec) / ahtSec);
    if (sl >= target.goal) return n;
    n += 1;
    b = (traffic * b) / (n + traffic * b);
  }
  return n;
}
