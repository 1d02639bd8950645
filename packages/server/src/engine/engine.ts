import { randomInt } from 'node:crypto';
import { type Callback, errorFrame, type RoutingSnapshot } from '@switchboard/shared';
import type { Logger } from 'pino';
import { REFERENCE_ALPHABET } from '../core/callbacks.js';
import { routingSnapshot } from '../core/estimate.js';
import { lookupsFor, reduce, stateFromConversations } from '../core/reduce.js';
import { nextDeadline } from '../core/timers.js';
import type {
  CallbackEvent,
  Command,
  CoreContext,
  CoreState,
  Effect,
  ReplyEffect,
  SendEffect,
} from '../core/types.js';
import { newId as defaultNewId } from '../ids.js';
import type { Store, StoreChanges, WebhookDeliveryRecord } from '../store/types.js';
import { createSerialQueue } from './serial-queue.js';

/** Where pushes go once a command is persisted: the transport, or a test's recorder. */
export type Deliver = (sends: SendEffect[]) => void;

/** The core wired to a store: every command and every consistent read goes through one queue. */
export interface Engine {
  /** Load the state (open conversations, routing setup). Queued first; call once. */
  start(): Promise<void>;
  /**
   * Run a command: read what it needs, reduce, persist (one transaction), then commit the state
   * and deliver its pushes and reply. On a store failure the state is kept and the reply is
   * `INTERNAL`. Resolves when delivered.
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

/** Longest single timer wait; a later deadline is re-armed when this one fires. */
const MAX_TIMER_MS = 6 * 60 * 60 * 1000;

/**
 * Create the engine. Pushes happen inside the serial step, so frames leave in commit order.
 * @example const engine = createEngine({ store, deliver: transport.deliver }); await engine.start()
 */
export function createEngine(options: EngineOptions): Engine {
  const { store, deliver } = options;
  const now = options.now ?? Date.now;
  const newId = options.newId ?? defaultNewId;
  const newReference = options.newReference ?? randomReference;
  const interval = options.snapshotIntervalMs ?? 1000;
  const queue = createSerialQueue();
  let state: CoreState = stateFromConversations([]);
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let armedAt: number | null = null;
  let snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  let lastSnapshotAt = 0;
  let lastSnapshot = '';

  async function withLookups(command: Command): Promise<Command> {
    const needed = lookupsFor(state, command);
    const [duplicate, stored, duplicateCallback, storedCallback] = await Promise.all([
      needed.clientId ? store.findClientId(needed.clientId.actor, needed.clientId.clientId) : null,
      needed.conversationId ? store.getConversation(needed.conversationId) : null,
      needed.callbackClientId
        ? store.findCallbackClientId(
            needed.callbackClientId.actor,
            needed.callbackClientId.clientId,
          )
        : null,
      needed.callbackId ? store.getCallback(needed.callbackId) : null,
    ]);
    return { ...command, duplicate, stored, duplicateCallback, storedCallback };
  }

  /** One transaction for everything the command changed. */
  function changesOf(effects: Effect[], at: number): StoreChanges | null {
    const changes: Required<StoreChanges> = {
      appends: [],
      presence: [],
      departments: [],
      cannedSaved: [],
      cannedDeleted: [],
      callbacks: [],
      visitorPhones: [],
      deliveries: [],
      visitors: [],
    };
    let any = false;
    for (const effect of effects) {
      if (effect.type === 'persist') {
        const { type: _type, ...batch } = effect;
        changes.appends.push(batch);
        any = true;
      } else if (effect.type === 'write') {
        any = true;
        const { write } = effect;
        if (write.kind === 'presence') changes.presence.push(write);
        else if (write.kind === 'department') changes.departments.push(write.department);
        else if (write.kind === 'canned.save') changes.cannedSaved.push(write.canned);
        else if (write.kind === 'canned.delete') changes.cannedDeleted.push(write.id);
        else if (write.kind === 'visitor.phone') changes.visitorPhones.push(write);
        else if (write.kind === 'visitor') changes.visitors.push(write.visitor);
        else {
          const { callback, clientId, event } = write;
          changes.callbacks.push({ callback, ...(clientId ? { clientId } : {}) });
          changes.deliveries.push(...(options.webhooks?.enqueue(event, callback, at) ?? []));
        }
      }
    }
    return any ? changes : null;
  }

  /** Keep one timer on the next deadline. */
  function arm() {
    if (!options.timers || stopped) return;
    const at = nextDeadline(state, now());
    if (at === armedAt && timer) return;
    if (timer) clearTimeout(timer);
    timer = undefined;
    armedAt = at;
    if (at === null) return;
    const wait = Math.min(Math.max(at - now(), 0) + 1, MAX_TIMER_MS);
    timer = setTimeout(() => {
      timer = undefined;
      armedAt = null;
      void engine.dispatch({ type: 'tick' }, () => undefined);
    }, wait);
    timer.unref?.();
  }

  /** Push the routing snapshot soon (at most once per interval), if it changed. */
  function scheduleSnapshot() {
    if (!options.snapshots || stopped || snapshotTimer) return;
    const wait = Math.max(0, lastSnapshotAt + interval - Date.now());
    snapshotTimer = setTimeout(() => {
      snapshotTimer = undefined;
      void queue.run(() => {
        if (stopped) return;
        const snapshot = routingSnapshot(state, now());
        // The age of the oldest wait changes all the time; only other changes are worth a push.
        const key = JSON.stringify({
          ...snapshot,
          queues: snapshot.queues.map(({ longestWaitMs: _age, ...q }) => q),
        });
        if (key === lastSnapshot) return;
        lastSnapshot = key;
        lastSnapshotAt = Date.now();
        const frame: RoutingSnapshot = { type: 'routing.snapshot', ...snapshot };
        deliver([{ type: 'send', to: { kind: 'agents' }, frame }]);
      });
    }, wait);
    snapshotTimer.unref?.();
  }

  const engine: Engine = {
    get state() {
      return state;
    },
    now,

    start: () =>
      queue.run(async () => {
        state = options.load
          ? await options.load()
          : stateFromConversations(await store.loadOpenConversations());
        arm();
      }),

    dispatch(command, reply) {
      return queue.run(async () => {
        let effects: Effect[];
        let next: CoreState;
        let queued = false;
        try {
          const full = await withLookups(command);
          const at = now();
          ({ state: next, effects } = reduce(state, full, { now: at, newId, newReference }));
          const changes = changesOf(effects, at);
          if (changes) {
            const started = performance.now();
            await store.write(changes);
            options.onPersist?.((performance.now() - started) / 1000);
          }
          if (changes?.deliveries?.length) queued = true;
        } catch (error) {
          // Logged once, here, where it is handled; the client learns nothing was changed.
          options.logger?.error(
            { err: error, command: command.type },
            'command failed; state kept',
          );
          reply(errorFrame('INTERNAL'));
          return;
        }
        const changed = next !== state;
        state = next;
        const sends = effects.filter((e): e is SendEffect => e.type === 'send');
        const answer = effects.find((e): e is ReplyEffect => e.type === 'reply');
        deliver(sends);
        reply(answer?.frame ?? errorFrame('INTERNAL'));
        if (queued) options.webhooks?.notify();
        arm();
        if (changed) scheduleSnapshot();
      });
    },

    read: (step) => queue.run(() => step(state)),
    idle: () => queue.idle(),
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (snapshotTimer) clearTimeout(snapshotTimer);
      timer = undefined;
      snapshotTimer = undefined;
    },
  };
  return engine;
}
