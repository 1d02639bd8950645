/**
 * The service level `agents` would give for an hour with `arrivals` contacts of `ahtSec` each, by
 * Erlang C: 1 - P(wait) * e^(-(agents - traffic) * targetSec / aht). The relay computes the same
 * for the saved plan; the Forecast view uses this to show the effect of an edit before saving.
 * Null when nothing arrives; 0 when the agents cannot keep up (agents <= traffic).
 * @example expectedServiceLevel({ arrivals: 200, ahtSec: 180, agents: 12, targetSec: 20 }) // ≈ 0.640
 */
export function expectedServiceLevel(input: {
  arrivals: number;
  ahtSec: number;
  agents: number;
  targetSec: number;
}): number | null {
  const { arrivals, ahtSec, agents, targetSec } = input;
  if (arrivals <= 0 || ahtSec <= 0) return null;
  const traffic = (arrivals * ahtSec) / 3600;
  if (agents <= traffic) return 0;
  // Erlang B by its stable recurrence, then C from B.
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (traffic * b) / (k + traffic * b);
  const pWait = b / (1 - (traffic / agents) * (1 - b));
  const sl = 1 - pWait * Math.exp((-(agents - traffic) * targetSec) / ahtSec);
  return Math.min(1, Math.max(0, sl));
}
