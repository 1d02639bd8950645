// The `routing.snapshot` push to every agent, at most once per interval and only when it changed.
import type { RoutingSnapshot } from '@switchboard/shared';
import { routingSnapshot } from '../core/estimate.js';
import type { CoreState, SendEffect } from '../core/types.js';

export interface SnapshotPush {
  /** Push the routing snapshot soon (at most once per interval), if it changed. */
  schedule(): void;
  stop(): void;
}

/**
 * The throttled snapshot push; off when not `enabled`. `serially` runs the read between commands.
 * @example const snapshots = createSnapshotPush({ enabled: true, intervalMs: 1000, ... })
 */
export function createSnapshotPush(options: {
  enabled: boolean;
  intervalMs: number;
  now: () => number;
  state: () => CoreState;
  serially: (step: () => void) => Promise<void>;
  deliver: (sends: SendEffect[]) => void;
}): SnapshotPush {
  const interval = options.intervalMs;
  let stopped = false;
  let snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  let lastSnapshotAt = 0;
  let lastSnapshot = '';
  return {
    schedule() {
      if (!options.enabled || stopped || snapshotTimer) return;
      const wait = Math.max(0, lastSnapshotAt + interval - Date.now());
      snapshotTimer = setTimeout(() => {
        snapshotTimer = undefined;
        void options.serially(() => {
          if (stopped) return;
          const snapshot = routingSnapshot(options.state(), options.now());
          // The age of the oldest wait changes all the time; only other changes are worth a push.
          const key = JSON.stringify({
            ...snapshot,
            queues: snapshot.queues.map(({ longestWaitMs: _age, ...q }) => q),
          });
          if (key === lastSnapshot) return;
          lastSnapshot = key;
          lastSnapshotAt = Date.now();
          const frame: RoutingSnapshot = { type: 'routing.snapshot', ...snapshot };
          options.deliver([{ type: 'send', to: { kind: 'agents' }, frame }]);
        });
      }, wait);
      snapshotTimer.unref?.();
    },
    stop() {
      stopped = true;
      if (snapshotTimer) clearTimeout(snapshotTimer);
      snapshotTimer = undefined;
    },
  };
}
