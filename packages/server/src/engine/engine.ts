import { randomInt } from 'node:crypto';
import { setImmediate } from 'node:timers';
import { type Callback, errorFrame, type RoutingSnapshot } from '@switchboard/shared';
import type { Logger } from 'pino';
import { REFERENCE_ALPHABET } from '../core/callbacks.js';
import { routingSnapshot } from '../core/estimate.js';
import { lookupsFor, type NeededLookups, reduce, stateFromConversations } from '../core/reduce.js';
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

/** Most commands written in one transaction (a group commit). */
export const MAX_GROUP = 128;

/** A dispatched command waiting for its turn. */
interface Pending {
  command: Command;
  reply: (frame: ReplyEffect['frame']) => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A command reduced and waiting for its group's commit; `next` null when it failed. */
interface Prepared {
  pending: Pending;
  next: CoreState | null;
  effects: Effect[];
  changes: StoreChanges | null;
}

const clientKey = (key: { actor: string; clientId: string }) => `${key.actor}\u0000${key.clientId}`;

/**
 * Whether `needed` reads from the store what a prepared but uncommitted command writes: then that
 * group is committed first, so the read sees it (a resend of a clientId still in the group, a
 * conversation or callback an earlier command closed).
 */
function readsPending(group: readonly Prepared[], needed: NeededLookups): boolean {
  if (
    !needed.clientId &&
    !needed.conversationId &&
    !needed.callbackClientId &&
    !needed.callbackId
  ) {
    return false;
  }
  for (const { changes } of group) {
    for (const append of changes?.appends ?? []) {
      if (append.conversation.id === needed.conversationId) return true;
      if (
        append.clientId &&
        needed.clientId &&
        clientKey(append.clientId) === clientKey(needed.clientId)
      ) {
        return true;
      }
    }
    for (const { callback, clientId } of changes?.callbacks ?? []) {
      if (callback.id === needed.callbackId) return true;
      if (
        clientId &&
        needed.callbackClientId &&
        clientKey(clientId) === clientKey(needed.callbackClientId)
      ) {
        return true;
      }
    }
  }
  return false;
}

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

  /** The batch of dispatched commands still taking newcomers (not yet started). */
  let gathering: Pending[] | null = null;

  async function withLookups(from: CoreState, command: Command): Promise<Command> {
    const needed = lookupsFor(from, command);
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

  /** Queue a step that is not a command: commands dispatched after it run after it. */
  function serially<T>(step: () => Promise<T> | T): Promise<T> {
    gathering = null;
    return queue.run(step);
  }

  function failed(error: unknown, command: Command) {
    // Logged once, here, where it is handled; the client learns nothing was changed.
    options.logger?.error({ err: error, command: command.type }, 'command failed; state kept');
  }

  /** Read what the command needs, reduce it on `from`; nothing is written or sent yet. */
  async function prepare(from: CoreState, pending: Pending): Promise<Prepared> {
    try {
      const full = await withLookups(from, pending.command);
      const at = now();
      const { state: next, effects } = reduce(from, full, { now: at, newId, newReference });
      return { pending, next, effects, changes: changesOf(effects, at) };
    } catch (error) {
      failed(error, pending.command);
      return { pending, next: null, effects: [], changes: null };
    }
  }

  /**
   * Reduce a batch in order on the uncommitted state and commit it as one group (split where a
   * command must read what an earlier one writes).
   */
  async function runBatch(batch: readonly Pending[]) {
    let group: Prepared[] = [];
    let working = state;
    for (const pending of batch) {
      if (group.length > 0 && mustReadCommitted(group, working, pending.command)) {
        await commit(group);
        group = [];
        working = state;
      }
      const prepared = await prepare(working, pending);
      group.push(prepared);
      if (prepared.next) working = prepared.next;
    }
    if (group.length > 0) await commit(group);
  }

  function mustReadCommitted(group: readonly Prepared[], from: CoreState, command: Command) {
    try {
      return readsPending(group, lookupsFor(from, command));
    } catch {
      return true; // `prepare` meets the same error and reports it
    }
  }

  /**
   * Persist a group in one transaction, then deliver. If it fails, each command is redone on its
   * own from the committed state, so only the one the store refuses gets `INTERNAL`.
   */
  async function commit(group: readonly Prepared[]): Promise<void> {
    const writes = group.flatMap((p) => (p.changes ? [p.changes] : []));
    if (writes.length > 0) {
      const started = performance.now();
      try {
        if (writes.length === 1) await store.write(writes[0]!);
        else await store.writeAll(writes);
      } catch (error) {
        if (group.length === 1) {
          failed(error, group[0]!.pending.command);
          publish([{ ...group[0]!, next: null }]);
          return;
        }
        for (const { pending } of group) await commit([await prepare(state, pending)]);
        return;
      }
      options.onPersist?.((performance.now() - started) / 1000);
    }
    publish(group);
  }

  /** After the commit: each command's state, pushes and reply, in order. */
  function publish(group: readonly Prepared[]) {
    let changed = false;
    let queued = false;
    for (const { pending, next, effects, changes } of group) {
      try {
        if (!next) {
          pending.reply(errorFrame('INTERNAL'));
        } else {
          if (next !== state) changed = true;
          if (changes?.deliveries?.length) queued = true;
          state = next;
          const sends = effects.filter((e): e is SendEffect => e.type === 'send');
          const answer = effects.find((e): e is ReplyEffect => e.type === 'reply');
          deliver(sends);
          pending.reply(answer?.frame ?? errorFrame('INTERNAL'));
        }
        pending.resolve();
      } catch (error) {
        pending.reject(error);
      }
    }
    if (queued) options.webhooks?.notify();
    arm();
    if (changed) scheduleSnapshot();
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
      void serially(() => {
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
      serially(async () => {
        state = options.load
          ? await options.load()
          : stateFromConversations(await store.loadOpenConversations());
        arm();
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
      stopped = true;
      if (timer) clearTimeout(timer);
      if (snapshotTimer) clearTimeout(snapshotTimer);
      timer = undefined;
      snapshotTimer = undefined;
    },
  };
  return engine;
}
