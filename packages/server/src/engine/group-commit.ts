// Reduces dispatched commands in order and commits them in groups: one store transaction for the
// commands that arrived together, nothing pushed or answered before its commit.
import type { Logger } from 'pino';
import { lookupsFor, type NeededLookups, reduce } from '../core/reduce.js';
import type {
  Command,
  CoreContext,
  CoreState,
  Effect,
  ReplyEffect,
  SendEffect,
} from '../core/types.js';
import { isStoreUnavailable, StoreUnavailableError } from '../store/errors.js';
import type { Store, StoreChanges } from '../store/types.js';
import {
  changesOf,
  type KnownClientIds,
  PendingWrites,
  readAheadClientIds,
  type WebhookQueue,
  withLookups,
} from './changes.js';
import { failureFrame } from './failure.js';

/** A dispatched command waiting for its turn. */
export interface Pending {
  command: Command;
  reply: (frame: ReplyEffect['frame']) => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * A command as the core reduced it: the command with its store lookups, its clock and the ids and
 * references it drew, in order. Reducing it again on the same state gives the same state (the core
 * is pure): a cluster's replicas follow the owner's engine this way.
 */
export interface AppliedCommand {
  command: Command;
  at: number;
  ids: string[];
  refs: string[];
}

/** A command reduced and waiting for its group's commit; `next` null when it failed. */
interface Prepared {
  pending: Pending;
  /** What was reduced (with `next`), for `onApplied`. */
  applied?: AppliedCommand;
  next: CoreState | null;
  effects: Effect[];
  changes: StoreChanges | null;
  /** Why it failed (`next` null): decides the answer (`UNAVAILABLE` or `INTERNAL`). */
  failure?: unknown;
}

/**
 * A group whose COMMIT was on its way when the database went out of reach: it may have been
 * applied. Kept, unpublished, until the store can say; nothing else commits before that.
 */
interface Unresolved {
  group: readonly Prepared[];
  /** The last event the group appended: stored means the group was. Null: no appends. */
  probe: { conversationId: string; seq: number } | null;
}

export interface GroupCommitOptions {
  store: Store;
  deliver: (sends: SendEffect[]) => void;
  now: () => number;
  newId: CoreContext['newId'];
  newReference: () => string;
  webhooks?: WebhookQueue;
  logger?: Pick<Logger, 'error'>;
  onPersist?: (seconds: number) => void;
  /** The committed state. */
  state(): CoreState;
  /** Replace the committed state (after a command's commit). */
  commitState(next: CoreState): void;
  /** After each published group: whether the state changed, whether webhooks were queued. */
  published(changed: boolean, queued: boolean): void;
  /** Told of each committed command, just before its pushes are delivered. */
  onApplied?: (applied: AppliedCommand) => void;
}

/**
 * The step that runs one batch of dispatched commands. Call it inside the engine's serial queue.
 * @example const runBatch = createGroupCommit({ store, deliver, ... }); await runBatch([pending])
 */
export function createGroupCommit(
  options: GroupCommitOptions,
): (batch: readonly Pending[]) => Promise<void> {
  const { store, deliver, now, newId, newReference } = options;

  function failed(error: unknown, command: Command) {
    // Logged once, here, where it is handled; the client learns nothing was changed.
    options.logger?.error({ err: error, command: command.type }, 'command failed; state kept');
  }

  /** Read what the command needs, reduce it on `from`; nothing is written or sent yet. */
  async function prepare(
    from: CoreState,
    pending: Pending,
    needed?: NeededLookups,
    known?: KnownClientIds,
  ): Promise<Prepared> {
    try {
      const full = await withLookups(store, from, pending.command, needed, known);
      const at = now();
      const ids: string[] = [];
      const refs: string[] = [];
      const { state: next, effects } = reduce(from, full, {
        now: at,
        newId: (prefix) => {
          const id = newId(prefix);
          ids.push(id);
          return id;
        },
        newReference: () => {
          const ref = newReference();
          refs.push(ref);
          return ref;
        },
      });
      return {
        pending,
        applied: { command: full, at, ids, refs },
        next,
        effects,
        changes: changesOf(effects, at, options.webhooks),
      };
    } catch (error) {
      failed(error, pending.command);
      return { pending, next: null, effects: [], changes: null, failure: error };
    }
  }

  let unresolved: Unresolved | null = null;

  /**
   * Find out whether the unresolved group was committed, by reading its last appended event's
   * conversation: if it was, its state and pushes are published now (its clients were answered
   * `UNAVAILABLE` and resend; the resend finds the stored clientId and gets the first ack). A
   * group without appends wrote only replaceable rows (presence, settings, profiles): it counts
   * as not written, and its clients' retry writes the same rows again. False while the store is
   * still out of reach.
   */
  async function settle(): Promise<boolean> {
    const { group, probe } = unresolved!;
    if (probe) {
      let stored: number;
      try {
        stored = (await store.getConversation(probe.conversationId))?.lastSeq ?? 0;
      } catch {
        return false;
      }
      if (stored >= probe.seq) publish(group, { answered: true });
    }
    unresolved = null;
    return true;
  }

  /**
   * Reduce a batch in order on the uncommitted state and commit it as one group (split where a
   * command must read what an earlier one writes).
   */
  async function runBatch(batch: readonly Pending[]) {
    if (unresolved && !(await settle())) {
      // Nothing may commit on a state the unresolved group may have changed: try again later.
      const error = new StoreUnavailableError('the last commit is not settled yet', 'unknown');
      publish(
        batch.map((pending) => ({
          pending,
          next: null,
          effects: [],
          changes: null,
          failure: error,
        })),
      );
      return;
    }
    let group: Prepared[] = [];
    let written = new PendingWrites();
    let working = options.state();
    // The batch's clientIds in one read; a commit inside the batch may store some: then forget it.
    let known = await readAhead(working, batch);
    for (const pending of batch) {
      let needed = lookupsOf(working, pending.command);
      if (group.length > 0 && (needed === null || written.reads(needed))) {
        await commit(group);
        group = [];
        written = new PendingWrites();
        working = options.state();
        known = undefined;
        needed = lookupsOf(working, pending.command);
      }
      const prepared = await prepare(working, pending, needed ?? undefined, known);
      group.push(prepared);
      written.add(prepared.changes);
      if (prepared.next) working = prepared.next;
    }
    if (group.length > 0) await commit(group);
  }

  /** `readAheadClientIds`, or nothing when that read fails (each command then reads its own). */
  async function readAhead(
    from: CoreState,
    batch: readonly Pending[],
  ): Promise<KnownClientIds | undefined> {
    if (batch.length < 2) return undefined;
    try {
      return await readAheadClientIds(
        store,
        from,
        batch.map((p) => p.command),
      );
    } catch {
      return undefined;
    }
  }

  /** The store reads a command needs, or null when that throws (`prepare` reports it). */
  function lookupsOf(from: CoreState, command: Command): NeededLookups | null {
    try {
      return lookupsFor(from, command);
    } catch {
      return null;
    }
  }

  /**
   * Persist a group in one transaction, then deliver. If it fails, each command is redone on its
   * own from the committed state, so only the one the store refuses gets `INTERNAL`.
   */
  async function commit(group: readonly Prepared[]): Promise<void> {
    if (unresolved) {
      // A commit earlier in this batch may have applied: nothing commits until it is settled.
      const error = new StoreUnavailableError('the last commit is not settled yet', 'unknown');
      publish(group.map((p) => ({ ...p, next: null, failure: error })));
      return;
    }
    const writes = group.flatMap((p) => (p.changes ? [p.changes] : []));
    if (writes.length > 0) {
      const started = performance.now();
      try {
        if (writes.length === 1) await store.write(writes[0]!);
        else await store.writeAll(writes);
      } catch (error) {
        if (isStoreUnavailable(error)) {
          // Out of reach: redoing each command alone would only wait again. Every command gets
          // "try again"; a COMMIT that may have applied is settled before anything else commits.
          failed(error, group[0]!.pending.command);
          if (error.outcome === 'unknown') unresolved = { group, probe: lastAppend(writes) };
          publish(group.map((p) => ({ ...p, next: null, failure: error })));
          return;
        }
        if (group.length === 1) {
          failed(error, group[0]!.pending.command);
          publish([{ ...group[0]!, next: null, failure: error }]);
          return;
        }
        for (const { pending } of group) await commit([await prepare(options.state(), pending)]);
        return;
      }
      options.onPersist?.((performance.now() - started) / 1000);
    }
    publish(group);
  }

  /**
   * After the commit: each command's state, pushes and reply, in order. `answered`: a group
   * settled late, whose commands were answered and resolved already (state and pushes only).
   */
  function publish(group: readonly Prepared[], late?: { answered: true }) {
    let changed = false;
    let queued = false;
    for (const { pending, applied, next, effects, changes, failure } of group) {
      if (late) {
        if (!next) continue;
        if (next !== options.state()) changed = true;
        if (changes?.deliveries?.length) queued = true;
        options.commitState(next);
        if (applied) options.onApplied?.(applied);
        deliver(effects.filter((e): e is SendEffect => e.type === 'send'));
        continue;
      }
      try {
        if (!next) {
          pending.reply(failureFrame(failure));
        } else {
          if (next !== options.state()) changed = true;
          if (changes?.deliveries?.length) queued = true;
          options.commitState(next);
          if (applied) options.onApplied?.(applied);
          const sends = effects.filter((e): e is SendEffect => e.type === 'send');
          const answer = effects.find((e): e is ReplyEffect => e.type === 'reply');
          deliver(sends);
          pending.reply(answer?.frame ?? failureFrame(undefined));
        }
        pending.resolve();
      } catch (error) {
        pending.reject(error);
      }
    }
    options.published(changed, queued);
  }

  return runBatch;
}

/** The last event a group appends (its conversation and seq), or null without appends. */
function lastAppend(writes: readonly StoreChanges[]): Unresolved['probe'] {
  for (let i = writes.length - 1; i >= 0; i--) {
    const batch = writes[i]!.appends?.at(-1);
    const event = batch?.events.at(-1);
    if (batch && event) return { conversationId: batch.conversation.id, seq: event.seq };
  }
  return null;
}
