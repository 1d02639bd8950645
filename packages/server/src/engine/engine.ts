import { randomInt } from 'node:crypto';
import { setImmediate } from 'node:timers';
import type { Callback } from '@switchboard/shared';
import type { Logger } from 'pino';
import { REFERENCE_ALPHABET } from '../core/callbacks.js';
import { stateFromConversations } from '../core/reduce.js';
import type {
  CallbackEvent,
  Command,
  CoreContext,
  CoreState,
  ReplyEffect,
  SendEffect,
} from '../core/types.js';
import { newId as defaultNewId } from '../ids.js';
import type { Store, WebhookDeliveryRecord } from '../store/types.js';
import { createDeadlineTimer } from './deadline-timer.js';
import { type AppliedCommand, createGroupCommit, type Pending } from './group-commit.js';

export type { AppliedCommand };

import { createSerialQueue } from './serial-queue.js';
import { createSnapshotPush } from './snapshot-push.js';

/** Where pushes go once a command is persisted: the transport, or a test's recorder. */
export type Deliver = (sends: SendEffect[]) => void;

/** The core wired to a store: every command and every consistent read goes through one queue. */
export interface Engine {
  /** Load the state (open conversations, routing setup). Queued first; call once. */
  start(): Promise<void>;
  /**
   * Run a command: read what it needs, reduce, persist, then commit the state and deliver its
   * pushes and reply. Commands queued behind one another are reduced in order and persisted in
   * one transaction (group commit); nothing is pushed or replied before its commit. On a store
   * failure the state is kept and the reply is `INTERNAL`. Resolves when delivered.
   */
  dispatch(command: Command, reply: (frame: ReplyEffect['frame']) => void): Promise<void>;
  /** Run `step` between commands, with the current state (for reads that must see no gap). */
  read<T>(step: (state: CoreState) => Promise<T> | T): Promise<T>;
  /** The current state (committed commands only). */
  readonly state: CoreState;
  /** The engine's clock. */
  now(): number;
  /** Resolves once everything queued so far has run. */
  idle(): Promise<void>;
  /** Stop the timers (deadline tick, snapshot throttle). */
  stop(): void;
}

export interface EngineOptions {
  store: Store;
  deliver: Deliver;
  /** The state to start from. @default the store's open conversations, no routing setup */
  load?: () => Promise<CoreState>;
  now?: () => number;
  newId?: CoreContext['newId'];
  /** Callback references. @default random, `CB-` + 4 characters */
  newReference?: () => string;
  /**
   * Webhooks: `enqueue` makes the deliveries of a callback change (stored in the command's
   * transaction); `notify` runs after the commit, so the dispatcher sends them.
   */
  webhooks?: {
    enqueue(event: CallbackEvent, callback: Callback, now: number): WebhookDeliveryRecord[];
    notify(): void;
  };
  logger?: Pick<Logger, 'error'>;
  /**
   * Keep one timer on the core's `nextDeadline` and dispatch `tick` then (offer expiry, grace,
   * abandonment, opening hours). @default false
   */
  timers?: boolean;
  /** Push `routing.snapshot` to every agent after changes, at most once per interval. @default false */
  snapshots?: boolean;
  /** @default 1000 */
  snapshotIntervalMs?: number;
  /** Told how long each store transaction took, in seconds (the metrics' write latency). */
  onPersist?: (seconds: number) => void;
  /**
   * Told of each committed command as it was reduced, just before its pushes are delivered (a
   * cluster's owner publishes them to its replicas).
   */
  onApplied?: (applied: AppliedCommand) => void;
}

/**
 * A random callback reference, `CB-` and 4 characters nobody mixes up (31^4: the core retries on a
 * clash with an open one).
 * @example randomReference() // 'CB-7K3Q'
 */
export function randomReference(): string {
  let out = 'CB-';
  for (let i = 0; i < 4; i++) out += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return out;
}

/** Most commands written in one transaction (a group commit). */
export const MAX_GROUP = 128;

/**
 * Create the engine. Pushes happen inside the serial step, so frames leave in commit order.
 * @example const engine = createEngine({ store, deliver: transport.deliver }); await engine.start()
 */
export function createEngine(options: EngineOptions): Engine {
  const { store, deliver } = options;
  const now = options.now ?? Date.now;
  const queue = createSerialQueue();
  let state: CoreState = stateFromConversations([]);

  /** The batch of dispatched commands still taking newcomers (not yet started). */
  let gathering: Pending[] | null = null;

  /** Queue a step that is not a command: commands dispatched after it run after it. */
  function serially<T>(step: () => Promise<T> | T): Promise<T> {
    gathering = null;
    return queue.run(step);
  }

  const deadlines = createDeadlineTimer({
    enabled: !!options.timers,
    now,
    state: () => state,
    tick: () => void engine.dispatch({ type: 'tick' }, () => undefined),
  });
  const snapshots = createSnapshotPush({
    enabled: !!options.snapshots,
    intervalMs: options.snapshotIntervalMs ?? 1000,
    now,
    state: () => state,
    serially,
    deliver,
  });
  const runBatch = createGroupCommit({
    store,
    deliver,
    now,
    newId: options.newId ?? defaultNewId,
    newReference: options.newReference ?? randomReference,
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.onPersist ? { onPersist: options.onPersist } : {}),
    ...(options.onApplied ? { onApplied: options.onApplied } : {}),
    state: () => state,
    commitState: (next) => {
      state = next;
    },
    published(changed, queued) {
      if (queued) options.webhooks?.notify();
      deadlines.arm();
      if (changed) snapshots.schedule();
    },
  });

  const engine: Engine = {
    get state() {
      return state;
    },
    now,

    start: () =>
      serially(async () => {
        state = options.load
          ? await options.load()
          : stateFromConversations(await store.loadOpenConversations());
        deadlines.arm();
      }),

    dispatch(command, reply) {
      return new Promise<void>((resolve, reject) => {
        const pending: Pending = { command, reply, resolve, reject };
        if (gathering && gathering.length < MAX_GROUP) {
          gathering.push(pending);
          return;
        }
        const batch = [pending];
        gathering = batch;
        queue
          .run(async () => {
            // Let the frames already read off the sockets join: one transaction for all of them.
            await new Promise<void>((go) => setImmediate(go));
            if (gathering === batch) gathering = null;
            await runBatch(batch);
          })
          .catch((error: unknown) => {
            for (const p of batch) p.reject(error);
          });
      });
    },

    read: (step) => serially(() => step(state)),
    idle: () => queue.idle(),
    stop() {
      deadlines.stop();
      snapshots.stop();
    },
  };
  return engine;
}
