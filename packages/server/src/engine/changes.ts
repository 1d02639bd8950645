// What a command reads from the store before it is reduced, and what it writes after: the store
// side of one command, kept out of the engine's queue logic.
import type { Callback, ChatAck } from '@switchboard/shared';
import { lookupsFor, type NeededLookups } from '../core/reduce.js';
import type { CallbackEvent, Command, CoreState, Effect } from '../core/types.js';
import type { Store, StoreChanges, WebhookDeliveryRecord } from '../store/types.js';

/** Makes the webhook deliveries of a callback change (stored in the command's transaction). */
export interface WebhookQueue {
  enqueue(event: CallbackEvent, callback: Callback, now: number): WebhookDeliveryRecord[];
}

/** clientId lookups answered ahead, by `clientKey`: null where nothing is stored under it. */
export type KnownClientIds = ReadonlyMap<string, ChatAck | null>;

/**
 * Read the stored acks of these commands' clientIds in one store read (the commands that arrived
 * together), instead of one read per command. Valid until the next commit that may store one of
 * them: the engine drops it at each commit. Empty when fewer than two are needed.
 * @example const known = await readAheadClientIds(store, state, batch.map((p) => p.command))
 */
export async function readAheadClientIds(
  store: Pick<Store, 'findClientIds'>,
  from: CoreState,
  commands: readonly Command[],
): Promise<KnownClientIds> {
  const keys: { actor: string; clientId: string }[] = [];
  for (const command of commands) {
    try {
      const { clientId } = lookupsFor(from, command);
      if (clientId) keys.push(clientId);
    } catch {
      // Its own lookup will report it.
    }
  }
  if (keys.length < 2) return new Map();
  const found = await store.findClientIds(keys);
  return new Map(keys.map((key, i) => [clientKey(key), found[i] ?? null]));
}

/**
 * The command with the store facts its reduction needs (see `lookupsFor`); a clientId found in
 * `known` is not read again.
 * @example const full = await withLookups(store, state, command)
 */
export async function withLookups(
  store: Store,
  from: CoreState,
  command: Command,
  needed: NeededLookups = lookupsFor(from, command),
  known?: KnownClientIds,
): Promise<Command> {
  const key = needed.clientId && clientKey(needed.clientId);
  const [duplicate, stored, duplicateCallback, storedCallback] = await Promise.all([
    needed.clientId
      ? key && known?.has(key)
        ? (known.get(key) ?? null)
        : store.findClientId(needed.clientId.actor, needed.clientId.clientId)
      : null,
    needed.conversationId ? store.getConversation(needed.conversationId) : null,
    needed.callbackClientId
      ? store.findCallbackClientId(needed.callbackClientId.actor, needed.callbackClientId.clientId)
      : null,
    needed.callbackId ? store.getCallback(needed.callbackId) : null,
  ]);
  return { ...command, duplicate, stored, duplicateCallback, storedCallback };
}

/**
 * One transaction for everything the command changed, or null when it changed nothing stored.
 * @example const changes = changesOf(effects, now, options.webhooks)
 */
export function changesOf(
  effects: Effect[],
  at: number,
  webhooks: WebhookQueue | undefined,
): StoreChanges | null {
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
        changes.deliveries.push(...(webhooks?.enqueue(event, callback, at) ?? []));
      }
    }
  }
  return any ? changes : null;
}

const clientKey = (key: { actor: string; clientId: string }) => `${key.actor}\u0000${key.clientId}`;

/**
 * Whether `needed` reads from the store what one of these uncommitted writes changes: then they
 * are committed first, so the read sees them (a resend of a clientId still in the group, a
 * conversation or callback an earlier command closed).
 * @example readsPending(group.map((p) => p.changes), lookupsFor(state, command))
 */
export function readsPending(
  pending: readonly (StoreChanges | null)[],
  needed: NeededLookups,
): boolean {
  if (
    !needed.clientId &&
    !needed.conversationId &&
    !needed.callbackClientId &&
    !needed.callbackId
  ) {
    return false;
  }
  for (const changes of pending) {
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
 * What a group's uncommitted writes change, indexed: `reads(needed)` answers what `readsPending`
 * answers, in constant time however large the group (a group holds up to `MAX_GROUP` commands).
 * @example const pending = new PendingWrites(); pending.add(changes); if (pending.reads(needed)) commit()
 */
export class PendingWrites {
  readonly #conversations = new Set<string>();
  readonly #clientIds = new Set<string>();
  readonly #callbacks = new Set<string>();
  readonly #callbackClientIds = new Set<string>();

  add(changes: StoreChanges | null): void {
    for (const append of changes?.appends ?? []) {
      this.#conversations.add(append.conversation.id);
      if (append.clientId) this.#clientIds.add(clientKey(append.clientId));
    }
    for (const { callback, clientId } of changes?.callbacks ?? []) {
      this.#callbacks.add(callback.id);
      if (clientId) this.#callbackClientIds.add(clientKey(clientId));
    }
  }

  reads(needed: NeededLookups): boolean {
    return (
      (needed.conversationId !== undefined && this.#conversations.has(needed.conversationId)) ||
      (needed.clientId !== undefined && this.#clientIds.has(clientKey(needed.clientId))) ||
      (needed.callbackId !== undefined && this.#callbacks.has(needed.callbackId)) ||
      (needed.callbackClientId !== undefined &&
        this.#callbackClientIds.has(clientKey(needed.callbackClientId)))
    );
  }
}
