/** Time steps of the demo history, in milliseconds. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * A small seeded PRNG (mulberry32): the same seed gives the same history.
 * @example const random = seededRandom(42); random() // 0.6011...
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A picker of one list item, uniformly, from this random stream (one draw per pick).
 * @example picker(seededRandom(1))(['a', 'b']) // 'a' or 'b'
 */
export function picker(random: () => number): <T>(list: readonly T[]) => T {
  return <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
}

/** A Poisson-distributed count (Knuth's method; lambda is small here). */
export function poissonSample(random: () => number, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

/**
 * Chats expected per hour at this local weekday (0 = Sunday) and hour: busy weekday late
 * mornings and early afternoons, quiet nights and weekends.
 * @example arrivalRate(2, 11) // 6
 */
export function arrivalRate(weekday: number, hour: number): number {
  const weekend = weekday === 0 || weekday === 6;
  const shape = [
    0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 0.8, 2, 3.5, 5, 6, 5, 5.5, 5, 4, 3, 2.5, 2, 1.6, 1.2,
    0.8, 0.5, 0.2,
  ];
  return (shape[hour] ?? 0) * (weekend ? 0.35 : 1);
}
