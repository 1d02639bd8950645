import { serviceLevel } from '@switchboard/shared';

/**
 * The service level `agents` would give for an hour with `arrivals` contacts of `ahtSec` each, by
 * Erlang C (the shared implementation the relay's forecast uses): the Forecast view shows the
 * effect of an edit before it is saved. Null when nothing arrives.
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
  return serviceLevel(agents, arrivals, ahtSec, targetSec);
}
