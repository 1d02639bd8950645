// A follower node's copy of the routing core: the owner's state as of a snapshot, then every
// committed command reduced again in the owner's order (the core is pure, so the copy stays
// equal), and the pushes of each delivered to this node's own sockets at the same point. Reads
// that must see no gap (a welcome: read the backlog, join the rooms) run in the same queue as
// the log, as they do in the owner's engine.
import { reduce, stateFromConversations } from '../core/reduce.js';
import type { CoreState, SendEffect } from '../core/types.js';
import type { AppliedCommand } from '../engine/engine.js';
import { createSerialQueue } from '../engine/serial-queue.js';

/** One thing the owner did, in order: a command reduced (`a`) or pushes delivered (`s`). */
export interface LogStep {
  a?: AppliedCommand;
  s?: SendEffect[];
}

/** What the owner published after one commit (or one push): numbered from 1 per epoch. */
export interface LogEntry {
  epoch: number;
  n: number;
  steps: LogStep[];
}

/** A point in the owner's log. */
export interface LogPosition {
  epoch: number;
  n: number;
}

/** Whether `a` is at or past `b`. */
export const reached = (a: LogPosition | null, b: LogPosition): boolean =>
  a !== null && (a.epoch > b.epoch || (a.epoch === b.epoch && a.n >= b.n));

export interface Replica {
  /** The state as of the last applied entry (empty before the first snapshot). */
  readonly state: CoreState;
  /** The last entry applied, or null before the first snapshot. */
  readonly position: LogPosition | null;
  /** Whether a snapshot was asked for and has not arrived. */
  readonly syncing: boolean;
  /**
   * An entry from the owner: queued when it follows the last one; kept while syncing; ignored
   * when older. 'gap' when entries were missed (ask for a snapshot: `beginSync`).
   */
  receive(entry: LogEntry): 'ok' | 'gap';
  /** Keep the entries that arrive from now on until the snapshot (`reset`). */
  beginSync(): void;
  /** The snapshot: the owner's state at `position`; then the kept entries after it. */
  reset(state: CoreState, position: LogPosition): 'ok' | 'gap';
  /** Run `step` between entries, with the state (as the engine's `read`). */
  read<T>(step: (state: CoreState) => Promise<T> | T): Promise<T>;
  /** Resolves once the entry at `position` (or a later epoch's) is applied, or after `timeoutMs`. */
  applied(position: LogPosition, timeoutMs: number): Promise<boolean>;
  /** Forget the state (the node became the owner and loads its own). */
  clear(): void;
}

/**
 * A replica delivering each entry's pushes with `deliver` (this node's sockets only).
 * @example const replica = createReplica({ deliver: transport.deliverLocal }); replica.receive(entry)
 */
export function createReplica(options: {
  deliver: (sends: SendEffect[]) => void;
  onError?: (error: unknown) => void;
}): Replica {
  const queue = createSerialQueue();
  let state: CoreState | null = null;
  const empty = stateFromConversations([]);
  /** The last entry applied. */
  let position: LogPosition | null = null;
  /** The last entry accepted (queued): what the next must follow. */
  let head: LogPosition | null = null;
  let kept: LogEntry[] | null = null;
  const waiters = new Set<{ at: LogPosition; done: (ok: boolean) => void }>();

  function apply(entry: LogEntry) {
    for (const step of entry.steps) {
      if (step.a && state) {
        const { command, at, ids, refs } = step.a;
        let id = 0;
        let ref = 0;
        try {
          state = reduce(state, command, {
            now: at,
            newId: () => ids[id++] ?? `missing_${id}`,
            newReference: () => refs[ref++] ?? 'CB-????',
          }).state;
        } catch (error) {
          options.onError?.(error);
        }
      }
      if (step.s) options.deliver(step.s);
    }
    moveTo({ epoch: entry.epoch, n: entry.n });
  }

  /** The replica is at `at` now: answer the waits it reached. */
  function moveTo(at: LogPosition) {
    position = at;
    for (const waiter of waiters) {
      if (reached(position, waiter.at)) {
        waiters.delete(waiter);
        waiter.done(true);
      }
    }
  }

  function accept(entry: LogEntry): 'ok' | 'gap' {
    if (
      head &&
      !reached({ epoch: entry.epoch, n: entry.n }, { epoch: head.epoch, n: head.n + 1 })
    ) {
      return 'ok'; // already had it
    }
    if (!head || entry.epoch !== head.epoch || entry.n !== head.n + 1) {
      // A new epoch starts from a snapshot of the new owner, never from the old one's state.
      return 'gap';
    }
    head = { epoch: entry.epoch, n: entry.n };
    void queue.run(() => apply(entry));
    return 'ok';
  }

  return {
    get state() {
      return state ?? empty;
    },
    get position() {
      return position;
    },
    get syncing() {
      return kept !== null;
    },
    receive(entry) {
      if (kept) {
        kept.push(entry);
        return 'ok';
      }
      return accept(entry);
    },
    beginSync() {
      kept ??= [];
    },
    reset(snapshot, at) {
      const later = (kept ?? []).filter((e) => reached(e, { epoch: at.epoch, n: at.n + 1 }));
      kept = null;
      head = at;
      void queue.run(() => {
        state = snapshot;
        moveTo(at);
      });
      later.sort((x, y) => x.epoch - y.epoch || x.n - y.n);
      for (const entry of later) {
        if (accept(entry) === 'gap') return 'gap';
      }
      return 'ok';
    },
    read: (step) => queue.run(() => step(state ?? empty)),
    applied(at, timeoutMs) {
      if (reached(position, at)) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const waiter = {
          at,
          done: (ok: boolean) => {
            clearTimeout(timer);
            resolve(ok);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          resolve(false);
        }, timeoutMs);
        timer.unref?.();
        waiters.add(waiter);
      });
    },
    clear() {
      state = null;
      position = null;
      head = null;
      kept = null;
      for (const waiter of waiters) waiter.done(false);
      waiters.clear();
    },
  };
}
