// One timer on the core's next deadline (offer expiry, grace, abandonment, opening hours).
import { nextDeadline } from '../core/timers.js';
import type { CoreState } from '../core/types.js';

/** Longest single timer wait; a later deadline is re-armed when this one fires. */
const MAX_TIMER_MS = 6 * 60 * 60 * 1000;

export interface DeadlineTimer {
  /** Keep the one timer on the next deadline of the current state. */
  arm(): void;
  stop(): void;
}

/**
 * A timer that calls `tick` when the state's next deadline falls due; off when not `enabled`.
 * @example const deadlines = createDeadlineTimer({ enabled: true, now, state: () => state, tick })
 */
export function createDeadlineTimer(options: {
  enabled: boolean;
  now: () => number;
  state: () => CoreState;
  tick: () => void;
}): DeadlineTimer {
  const { now } = options;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let armedAt: number | null = null;
  return {
    arm() {
      if (!options.enabled || stopped) return;
      const at = nextDeadline(options.state(), now());
      if (at === armedAt && timer) return;
      if (timer) clearTimeout(timer);
      timer = undefined;
      armedAt = at;
      if (at === null) return;
      const wait = Math.min(Math.max(at - now(), 0) + 1, MAX_TIMER_MS);
      timer = setTimeout(() => {
        timer = undefined;
        armedAt = null;
        options.tick();
      }, wait);
      timer.unref?.();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
