import type { AppendBatch, StoreChanges, StoreTransactions } from '../types.js';
import { clientKey, copy, type Data, type Guard } from './data.js';

/** Check a batch against the data plus the batches before it in the same write. */
function check(data: Data, batch: AppendBatch, pending: Map<string, number>, keys: Set<string>) {
  const { conversation, events } = batch;
  if (events.length === 0) return;
  const length = pending.get(conversation.id) ?? (data.events.get(conversation.id) ?? []).length;
  events.forEach((event, i) => {
    if (event.seq !== length + 1 + i) {
      throw new Error(`conversation ${conversation.id}: seq ${event.seq} out of order`);
    }
  });
  pending.set(conversation.id, length + events.length);
  const key = batch.clientId && clientKey(batch.clientId.actor, batch.clientId.clientId);
  if (key && (data.clientIds.has(key) || keys.has(key))) throw new Error('clientId already stored');
  if (key) keys.add(key);
}

/** Write a checked batch. */
function apply(data: Data, batch: AppendBatch) {
  const { conversation, events } = batch;
  // As SQLite: a batch without events writes nothing, not even its clientId.
  if (events.length === 0) return;
  data.conversations.set(conversation.id, copy(conversation));
  data.events.set(conversation.id, [...(data.events.get(conversation.id) ?? []), ...copy(events)]);
  if (batch.clientId) {
    data.clientIds.set(
      clientKey(batch.clientId.actor, batch.clientId.clientId),
      copy(batch.clientId),
    );
  }
}
/** One command's changes: all of them, or (it throws) none. */
function applyChanges(data: Data, changes: StoreChanges) {
  // Check everything first, then write: all or nothing.
  const pending = new Map<string, number>();
  const keys = new Set<string>();
  for (const batch of changes.appends ?? []) check(data, batch, pending, keys);
  for (const { agentId } of changes.presence ?? []) {
    if (!data.agents.has(agentId)) throw new Error(`unknown agent ${agentId}`);
  }
  // One verified visitor per site and userId, as SQLite's unique index has it.
  const verified = new Map<string, string>();
  for (const v of [...data.visitors.values(), ...(changes.visitors ?? [])]) {
    if (v.verified && v.userId !== undefined) verified.set(v.id, `${v.siteId}\u0000${v.userId}`);
    else verified.delete(v.id);
  }
  if (new Set(verified.values()).size !== verified.size) {
    throw new Error('UNIQUE constraint failed: visitors.site_id, visitors.user_id');
  }
  for (const batch of changes.appends ?? []) apply(data, batch);
  for (const { agentId, presence } of changes.presence ?? []) {
    data.agents.set(agentId, { ...data.agents.get(agentId)!, presence });
  }
  for (const department of changes.departments ?? []) {
    data.departments.set(department.id, copy(department));
  }
  for (const canned of changes.cannedSaved ?? []) data.canned.set(canned.id, copy(canned));
  for (const id of changes.cannedDeleted ?? []) data.canned.delete(id);
  for (const { callback, clientId } of changes.callbacks ?? []) {
    data.callbacks.set(callback.id, copy(callback));
    const key = clientId && clientKey(clientId.actor, clientId.clientId);
    if (key && !data.callbackClientIds.has(key)) data.callbackClientIds.set(key, callback.id);
  }
  for (const { visitorId, phone } of changes.visitorPhones ?? []) {
    const visitor = data.visitors.get(visitorId);
    if (visitor) data.visitors.set(visitorId, { ...visitor, phone });
  }
  for (const delivery of changes.deliveries ?? []) {
    data.deliveries.set(delivery.id, copy(delivery));
  }
  for (const visitor of changes.visitors ?? []) {
    const { verified, userId, ...rest } = visitor;
    data.visitors.set(
      visitor.id,
      copy(userId !== undefined ? { ...rest, userId, verified: verified === true } : rest),
    );
  }
}

/**
 * The `StoreTransactions` port in memory (and `append`, one batch written the same way): a write
 * checks everything first, then changes the maps; a group restores the maps it changed if one of
 * its writes fails.
 * @example await createMemoryTransactions(data, guard).write({ appends: [batch] })
 */
export function createMemoryTransactions(
  data: Data,
  guard: Guard,
): StoreTransactions & { append(batch: AppendBatch): Promise<void> } {
  const write = (changes: StoreChanges) => guard(() => applyChanges(data, changes));
  /** The maps a write changes; values are replaced, never mutated, so copies of the maps undo it. */
  const written = [
    'conversations',
    'events',
    'clientIds',
    'agents',
    'departments',
    'canned',
    'callbacks',
    'callbackClientIds',
    'deliveries',
    'visitors',
  ] as const;
  const writeAll = (list: readonly StoreChanges[]) =>
    guard(() => {
      const saved = written.map(
        (key) => [key, new Map(data[key] as Map<string, unknown>)] as const,
      );
      try {
        for (const changes of list) applyChanges(data, changes);
      } catch (error) {
        for (const [key, map] of saved) (data as Record<string, unknown>)[key] = map;
        throw error;
      }
    });
  return {
    append: (batch) => write({ appends: [batch] }),
    write,
    writeAll,
  };
}
