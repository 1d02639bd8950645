// One relay node of a cluster, seen by the rest of the relay as its engine. One node at a time owns
// the routing core (a lease in PostgreSQL): it runs the engine as a single relay does, its writes
// fenced by the lease's epoch, and publishes each committed command and push in order (the log).
// The other nodes keep a replica from that log (reads stay local) and forward their commands to
// the owner, answering their clients once the reply's effects are in their replica. When the
// owner goes quiet past the lease's life, another node takes the lease, loads the core from the
// database as a starting relay does, and everyone follows it.
import { errorFrame } from '@switchboard/shared';
import type { Logger } from 'pino';
import type { Command, CoreState, ReplyEffect, SendEffect } from '../core/types.js';
import type { AppliedCommand, Engine } from '../engine/engine.js';
import { FencedError } from '../store/errors.js';
import type { Fence, LeaseStore, StoreTransactions } from '../store/types.js';
import { type Bus, channels } from './bus.js';
import { decodeState, encodeState } from './codec.js';
import { createPresenceLedger, isPresence, type PresenceLedger } from './ledger.js';
import { createReplica, type LogEntry, type LogPosition, type LogStep } from './replica.js';

/** The lease that says who owns the routing core. */
export const CORE_LEASE = 'core';

type Frame = ReplyEffect['frame'];

/** What flows between nodes, on a node's own channel or the announce channel. */
type Message =
  | { t: 'cmd'; from: string; req: number; epoch: number; command: Command }
  | { t: 'reply'; req: number; frame: Frame; at: LogPosition }
  | { t: 'bounce'; req: number }
  | { t: 'sync?'; from: string; req: number }
  | { t: 'synced'; req: number; key: string | null; at?: LogPosition }
  | { t: 'owner'; node: string; epoch: number }
  | { t: 'released'; node: string; epoch: number }
  | { t: 'beat'; node: string }
  | { t: 'changed'; node: string; what: SharedChange };

/** What a supervisor changed that every node keeps in memory. */
export type SharedChange = 'articles' | 'appearances';

/** The parts of the owner's engine the node hands in. */
export interface OwnerParts {
  fence: Fence;
  /** The store's writes behind the fence (a refused one makes this node step down). */
  writes: StoreTransactions;
  deliver: (sends: SendEffect[]) => void;
  onApplied: (applied: AppliedCommand) => void;
}

export interface ClusterNodeOptions {
  nodeId: string;
  bus: () => Promise<Bus>;
  leases: LeaseStore;
  leaseTtlMs: number;
  /** The Redis channel and key prefix. @default 'sb' */
  prefix?: string;
  /** Build the owner's engine (the relay's engine options, writes behind `fence`). */
  ownerEngine(parts: OwnerParts): Engine;
  /** Deliver pushes to this node's own sockets. */
  deliverLocal(sends: SendEffect[]): void;
  /** Everyone with a socket on this node, as connect commands (said again to a new owner). */
  present(): Command[];
  now: () => number;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Told when this node becomes the owner (true) or stops being it (false). */
  onOwnership?: (owner: boolean) => void;
  /** Another node changed something every node keeps in memory: read it again. */
  onChange?: (what: SharedChange) => void;
  /** How long a forwarded command may wait for its answer. @default 10000 */
  forwardTimeoutMs?: number;
}

/** A command forwarded to the owner, waiting for its answer. */
interface Forward {
  req: number;
  command: Command;
  reply: (frame: Frame) => void;
  resolve: () => void;
  deadline: number;
  /** The owner's epoch it was sent to, or null while it waits for an owner. */
  sentTo: number | null;
}

/** The node as the relay sees it: its engine, plus the cluster's own controls. */
export interface ClusterNode extends Engine {
  readonly nodeId: string;
  /** Whether this node owns the routing core now. */
  readonly owner: boolean;
  /** The owner as this node knows it. */
  readonly ownerNode: string | null;
  /** The Redis connection (for socket.io's adapter); set once `start` ran. */
  readonly bus: Bus | null;
  /** Tell the other nodes that `what` changed (they read it again). */
  announceChange(what: SharedChange): void;
  /** Hand over: an owner finishes its queue and lets the lease go at once. */
  close(): Promise<void>;
}

/**
 * Create the node; `start()` connects, then either takes the lease or follows its holder.
 * @example const node = createClusterNode({ nodeId: 'n1', bus: () => connectBus(url, warn), leases, ... })
 */
export function createClusterNode(options: ClusterNodeOptions): ClusterNode {
  const { nodeId: me, leases, leaseTtlMs, now, logger } = options;
  const names = channels(options.prefix ?? 'sb');
  const forwardTimeoutMs = options.forwardTimeoutMs ?? 10_000;
  const tickMs = Math.min(1000, Math.max(200, Math.floor(leaseTtlMs / 12)));
  /** The owner's sign of life: a lock PostgreSQL drops when the owner's process ends. */
  const liveness = leases.liveness(CORE_LEASE);
  let holding = false;
  const renewMs = Math.floor(leaseTtlMs / 3);

  let bus: Bus | null = null;
  let closing = false;
  let stopped = false;

  // Ownership.
  let engine: Engine | null = null;
  let epoch = 0;
  let lastRenewed = 0;
  let ledger: PresenceLedger | null = null;
  const lastSeen = new Map<string, number>();
  let ownerSince = 0;
  let log: { n: number; steps: LogStep[]; flushing: boolean } = {
    n: 0,
    steps: [],
    flushing: false,
  };

  // Following.
  let known: { node: string; epoch: number } | null = null;
  const replica = createReplica({
    deliver: (sends) => options.deliverLocal(sends),
    onError: (error) => logger.error({ err: error }, 'replica could not apply a command'),
  });
  let syncReq = 0;
  let syncTimer: NodeJS.Timeout | null = null;
  const pending = new Map<number, Forward>();
  const unsent: Forward[] = [];
  let nextReq = 1;

  let started: () => void = () => undefined;
  const startedOnce = new Promise<void>((resolve) => {
    started = resolve;
  });

  const send = (node: string, message: Message) => bus?.publish(names.node(node), message);
  const announce = (message: Message) => bus?.publish(names.announce, message);

  // --- the owner's log -------------------------------------------------------------------------

  function push(step: LogStep) {
    log.steps.push(step);
    if (!log.flushing) {
      log.flushing = true;
      queueMicrotask(flush);
    }
  }

  function flush() {
    log.flushing = false;
    if (log.steps.length === 0 || !engine) return;
    log.n += 1;
    const entry: LogEntry & { node: string } = { node: me, epoch, n: log.n, steps: log.steps };
    log.steps = [];
    bus?.publish(names.log, entry);
  }

  /** Where the log will be once what was pushed so far is published. */
  const logPosition = (): LogPosition => ({
    epoch,
    n: log.steps.length > 0 ? log.n + 1 : log.n,
  });

  /** Run a command on the owner's engine for `from` (this node or another). */
  function route(from: string, command: Command, reply: (frame: Frame) => void): Promise<void> {
    if (!engine || !ledger) {
      reply(errorFrame('UNAVAILABLE'));
      return Promise.resolve();
    }
    if (isPresence(command)) {
      lastSeen.set(from, now());
      const told = ledger.report(from, command);
      if (!told) {
        reply({ type: 'ok' });
        return Promise.resolve();
      }
      return engine.dispatch(told, reply);
    }
    return engine.dispatch(command, reply);
  }

  async function becomeOwner(taken: number) {
    epoch = taken;
    lastRenewed = now();
    ownerSince = now();
    log = { n: 0, steps: [], flushing: false };
    ledger = createPresenceLedger();
    lastSeen.clear();
    replica.clear();
    // Sent to the old owner and unanswered: their outcome is unknown, the client decides.
    for (const f of pending.values()) fail(f);
    pending.clear();
    const fence = { lease: CORE_LEASE, epoch };
    const fenced = leases.fenced(fence);
    /** A write refused by the fence: another node owns the core now. */
    const guard = async (write: () => Promise<void>) => {
      try {
        await write();
      } catch (error) {
        if (error instanceof FencedError && engine === next) stepDown('a write was fenced off');
        throw error;
      }
    };
    const next: Engine = options.ownerEngine({
      fence,
      writes: {
        write: (changes) => guard(() => fenced.write(changes)),
        writeAll: (list) => guard(() => fenced.writeAll(list)),
      },
      deliver: (sends) => {
        options.deliverLocal(sends);
        push({ s: sends });
      },
      onApplied: (applied) => push({ a: applied }),
    });
    engine = next;
    try {
      await next.start();
    } catch (error) {
      logger.error({ err: error, epoch }, 'could not load the routing core; stepping down');
      stepDown('load failed');
      return;
    }
    if (engine !== next) return;
    known = { node: me, epoch };
    logger.info({ node: me, epoch }, 'this node owns the routing core');
    announce({ t: 'owner', node: me, epoch });
    options.onOwnership?.(true);
    for (const command of options.present()) void route(me, command, () => undefined);
    // Commands that waited for an owner run here now.
    for (const f of unsent.splice(0)) void route(me, f.command, f.reply).then(f.resolve);
    started();
  }

  function stepDown(reason: string) {
    const old = engine;
    if (!old) return;
    engine = null;
    holding = false;
    void liveness.release();
    ledger = null;
    known = null;
    old.stop();
    logger.warn({ node: me, epoch, reason }, 'this node no longer owns the routing core');
    options.onOwnership?.(false);
    void tick();
  }

  // --- following -------------------------------------------------------------------------------

  function fail(f: Forward) {
    f.reply(errorFrame('UNAVAILABLE'));
    f.resolve();
  }

  function forward(f: Forward) {
    if (!known || known.node === me) {
      unsent.push(f);
      return;
    }
    f.sentTo = known.epoch;
    pending.set(f.req, f);
    send(known.node, { t: 'cmd', from: me, req: f.req, epoch: known.epoch, command: f.command });
  }

  function learn(node: string, at: number) {
    if (node === me) return;
    if (known && known.node === node && known.epoch === at) return;
    if (known && known.epoch > at) return;
    known = { node, epoch: at };
    // Sent to an earlier owner and unanswered: the outcome is unknown.
    for (const f of [...pending.values()]) {
      if (f.sentTo !== at) {
        pending.delete(f.req);
        fail(f);
      }
    }
    for (const f of unsent.splice(0)) forward(f);
    if (replica.position?.epoch !== at) requestSync();
    // The new owner counts everyone in again.
    for (const command of options.present()) {
      forward({
        req: nextReq++,
        command,
        reply: () => undefined,
        resolve: () => undefined,
        deadline: now() + forwardTimeoutMs,
        sentTo: null,
      });
    }
  }

  function requestSync() {
    if (!known || known.node === me) return;
    replica.beginSync();
    syncReq += 1;
    send(known.node, { t: 'sync?', from: me, req: syncReq });
    if (syncTimer) clearTimeout(syncTimer);
    // No answer (the owner died, a message was lost): ask again.
    syncTimer = setTimeout(() => {
      syncTimer = null;
      if (replica.syncing && !stopped) requestSync();
    }, 3_000);
    syncTimer.unref();
  }

  async function synced(message: Extract<Message, { t: 'synced' }>) {
    if (message.req !== syncReq || !replica.syncing) return;
    if (!message.key || !message.at || !bus) return; // asked the wrong node: the timer asks again
    const text = await bus.take(message.key);
    if (!text) return;
    if (syncTimer) clearTimeout(syncTimer);
    syncTimer = null;
    if (replica.reset(decodeState(text), message.at) === 'gap') requestSync();
    else started();
  }

  // --- messages --------------------------------------------------------------------------------

  async function onMessage(message: Message) {
    switch (message.t) {
      case 'cmd': {
        if (!engine || closing || message.epoch !== epoch) {
          send(message.from, { t: 'bounce', req: message.req });
          return;
        }
        const { from, req } = message;
        await route(from, message.command, (frame) =>
          send(from, { t: 'reply', req, frame, at: logPosition() }),
        );
        return;
      }
      case 'reply': {
        const f = pending.get(message.req);
        if (!f) return;
        pending.delete(message.req);
        // Read-your-writes: the client hears back once this node's replica has the effects.
        await replica.applied(message.at, 3_000);
        f.reply(message.frame);
        f.resolve();
        return;
      }
      case 'bounce': {
        const f = pending.get(message.req);
        if (!f) return;
        pending.delete(message.req);
        // Not run there: send it again once the owner is known.
        f.sentTo = null;
        known = null;
        unsent.push(f);
        void tick();
        return;
      }
      case 'sync?': {
        if (!engine) {
          send(message.from, { t: 'synced', req: message.req, key: null });
          return;
        }
        const owned = engine;
        const snapshot = await owned.read((state: CoreState) => {
          flush();
          return { text: encodeState(state), at: { epoch, n: log.n } };
        });
        const key = `${options.prefix ?? 'sb'}:snapshot:${me}:${epoch}:${snapshot.at.n}:${message.req}`;
        await bus?.put(key, snapshot.text, 60_000);
        send(message.from, { t: 'synced', req: message.req, key, at: snapshot.at });
        return;
      }
      case 'synced':
        return synced(message);
      case 'owner':
        if (engine && message.epoch > epoch) stepDown('another node took the lease');
        learn(message.node, message.epoch);
        return;
      case 'released':
        if (known?.node === message.node) known = null;
        void tick();
        return;
      case 'beat':
        lastSeen.set(message.node, now());
        return;
      case 'changed':
        if (message.node !== me) options.onChange?.(message.what);
        return;
    }
  }

  function onLog(entry: LogEntry & { node: string }) {
    if (entry.node === me || engine) return;
    if (!known || entry.epoch > known.epoch) {
      learn(entry.node, entry.epoch);
    }
    if (replica.receive(entry) === 'gap') requestSync();
  }

  // --- the lease -------------------------------------------------------------------------------

  let ticking = false;
  async function tick() {
    if (ticking || stopped || closing) return;
    ticking = true;
    try {
      if (engine) {
        if (now() - lastRenewed >= renewMs) {
          try {
            if (await leases.renewLease(CORE_LEASE, me, epoch, leaseTtlMs)) lastRenewed = now();
            else stepDown('the lease was taken');
          } catch (error) {
            // Out of reach: keep serving (its writes fail anyway) until the lease may have gone.
            if (now() - lastRenewed > leaseTtlMs * 0.8) stepDown('could not renew the lease');
            else logger.warn({ err: error }, 'could not renew the lease');
          }
        }
        // Held again at every tick: a lock lost with its connection (the database restarted) is
        // back before the others find it free twice; one still held by a paused predecessor is
        // taken when that one goes.
        if (engine) holding = await liveness.hold();
        dropQuietNodes();
        return;
      }
      const lease = await leases.readLease(CORE_LEASE);
      if (!lease || lease.expiresInMs <= 0 || lease.holder === me) {
        await take(() => leases.acquireLease(CORE_LEASE, me, leaseTtlMs));
      } else if (await ownerGone(lease.holder, lease.epoch)) {
        // The owner's connection is gone (its process ended): no need to wait for the expiry.
        logger.warn({ owner: lease.holder, epoch: lease.epoch }, 'the owner is gone; taking over');
        await take(() => leases.takeLease(CORE_LEASE, me, lease.epoch, leaseTtlMs));
      } else {
        learn(lease.holder, lease.epoch);
      }
    } catch (error) {
      logger.warn({ err: error }, 'lease check failed');
    } finally {
      ticking = false;
    }
  }

  /** The lease last seen free of its lock (once more, a tick later, and the owner is gone). */
  let seenFree: string | null = null;

  /**
   * Whether the owner's liveness lock is free on two probes in a row: one free probe may be an
   * owner whose connection dropped a moment ago (a database restart) and that takes it again.
   */
  async function ownerGone(holder: string, at: number): Promise<boolean> {
    const key = `${holder}:${at}`;
    if (!(await liveness.probe())) {
      seenFree = null;
      return false;
    }
    if (seenFree === key) return true;
    seenFree = key;
    return false;
  }

  /**
   * Take the lease with `attempt`, holding the liveness lock first (so nobody finds it free
   * between the two); let the lock go if the lease went to someone else.
   */
  async function take(attempt: () => Promise<number | null>) {
    holding = await liveness.hold();
    const taken = await attempt();
    if (taken !== null) await becomeOwner(taken);
    else if (holding) {
      holding = false;
      await liveness.release();
    }
  }

  /** Nodes silent for two lease lives: their sockets are gone. */
  function dropQuietNodes() {
    if (!engine || !ledger) return;
    const limit = leaseTtlMs * 2;
    for (const node of ledger.nodes()) {
      if (node === me) continue;
      const seen = lastSeen.get(node) ?? ownerSince;
      if (now() - seen < limit) continue;
      logger.warn({ node }, 'node went quiet: counting its visitors and agents out');
      for (const command of ledger.dropNode(node)) void engine.dispatch(command, () => undefined);
    }
  }

  let timers: NodeJS.Timeout[] = [];

  function sweep() {
    const at = now();
    for (const f of [...pending.values()]) {
      if (f.deadline <= at) {
        pending.delete(f.req);
        fail(f);
      }
    }
    for (let i = unsent.length - 1; i >= 0; i--) {
      const f = unsent[i]!;
      if (f.deadline <= at) {
        unsent.splice(i, 1);
        fail(f);
      }
    }
  }

  const node: ClusterNode = {
    nodeId: me,
    get owner() {
      return engine !== null;
    },
    get ownerNode() {
      return known?.node ?? null;
    },
    get bus() {
      return bus;
    },
    get state() {
      return engine ? engine.state : replica.state;
    },
    now,
    announceChange: (what) => announce({ t: 'changed', node: me, what }),

    async start() {
      bus = await options.bus();
      await bus.subscribe(names.node(me), (m) => void onMessage(m as Message));
      await bus.subscribe(names.announce, (m) => void onMessage(m as Message));
      await bus.subscribe(names.log, (m) => onLog(m as LogEntry & { node: string }));
      timers = [
        setInterval(() => void tick(), tickMs),
        setInterval(() => announce({ t: 'beat', node: me }), renewMs),
        setInterval(sweep, 500),
      ];
      for (const timer of timers) timer.unref();
      announce({ t: 'beat', node: me });
      await tick();
      await startedOnce;
    },

    dispatch(command, reply) {
      if (engine) return route(me, command, reply);
      return new Promise<void>((resolve) => {
        forward({
          req: nextReq++,
          command,
          reply,
          resolve,
          deadline: now() + forwardTimeoutMs,
          sentTo: null,
        });
      });
    },

    read(step) {
      return engine ? engine.read(step) : replica.read(step);
    },

    async idle() {
      if (engine) return engine.idle();
      await replica.read(() => undefined);
    },

    stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      if (syncTimer) clearTimeout(syncTimer);
      engine?.stop();
    },

    async close() {
      if (closing) return;
      closing = true;
      const owned = engine;
      if (owned) {
        await owned.idle();
        flush();
        try {
          await leases.releaseLease(CORE_LEASE, me, epoch);
          announce({ t: 'released', node: me, epoch });
        } catch (error) {
          logger.warn({ err: error }, 'could not release the lease (it expires by itself)');
        }
      } else {
        const until = now() + 5_000;
        while (pending.size + unsent.length > 0 && now() < until) {
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      node.stop();
      for (const f of [...pending.values(), ...unsent.splice(0)]) fail(f);
      pending.clear();
      await liveness.close();
      await bus?.close();
    },
  };
  return node;
}
