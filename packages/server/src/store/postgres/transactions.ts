import { FencedError } from '../errors.js';
import type { AppendBatch, Fence, StoreChanges, StoreTransactions } from '../types.js';
import type { CallbackWrites } from './callbacks.js';
import type { Database, Queryable } from './db.js';
import type { DirectoryWrites } from './directory.js';
import type { VisitorWrites } from './visitors.js';

/** The writes a command's changes are made of, each inside the caller's transaction. */
export interface Writes {
  appendAll(tx: Queryable, batches: readonly AppendBatch[], fence?: Fence): Promise<void>;
  directory: DirectoryWrites;
  callbacks: CallbackWrites;
  visitors: VisitorWrites;
}

/** Whether a command writes nothing but appends (messages and the events they bring). */
const onlyAppends = (c: StoreChanges) =>
  Object.entries(c).every(
    ([key, list]) => key === 'appends' || !Array.isArray(list) || list.length === 0,
  );

/** Whether a command changes anything (an empty one needs no transaction). */
const changesSomething = (c: StoreChanges) =>
  Object.values(c).some((list) => Array.isArray(list) && list.length > 0);

/**
 * The `StoreTransactions` port on PostgreSQL (and `append`, one batch written the same way): each
 * call is one transaction on one pooled connection, all of it or none.
 *
 * Appends are what a group is mostly made of, so a whole group's appends are one call of the
 * `sb_append_all` function (`appendAll`), however many commands and conversations: they write
 * only conversations, events and client ids, which no other change reads or writes, so they can
 * go first without changing the outcome. A group of appends alone is that one statement, with no
 * BEGIN or COMMIT: one round trip. The other changes follow, command by command and in the order SQLite applies
 * them, one statement each (they are rare, and a later one must see an earlier one: a canned
 * reply deleted then saved again, a visitor's phone then their profile).
 * @example const tx = createPostgresTransactions(db, { appendAll, directory, callbacks, visitors })
 */
export function createPostgresTransactions(
  db: Database,
  { appendAll, directory, callbacks, visitors }: Writes,
): StoreTransactions & {
  append(batch: AppendBatch): Promise<void>;
  /** The same writes, each refused unless the lease is still at the fence's epoch. */
  fenced(fence: Fence): StoreTransactions;
} {
  /** One command's changes but its appends, inside the caller's transaction. */
  const applyOthers = async (tx: Queryable, changes: StoreChanges) => {
    for (const { agentId, presence } of changes.presence ?? []) {
      await directory.setPresence(tx, agentId, presence);
    }
    for (const department of changes.departments ?? []) {
      await directory.saveDepartment(tx, department);
    }
    for (const canned of changes.cannedSaved ?? []) await directory.saveCanned(tx, canned);
    for (const id of changes.cannedDeleted ?? []) await directory.deleteCanned(tx, id);
    for (const change of changes.callbacks ?? []) await callbacks.saveCallback(tx, change);
    for (const { visitorId, phone } of changes.visitorPhones ?? []) {
      await visitors.setPhone(tx, visitorId, phone);
    }
    for (const delivery of changes.deliveries ?? []) await callbacks.saveDelivery(tx, delivery);
    for (const visitor of changes.visitors ?? []) await visitors.saveVisitor(tx, visitor);
  };
  /** Write a group; behind `fence`, only while the lease is at its epoch (else `FencedError`). */
  const writeAll = async (list: readonly StoreChanges[], fence?: Fence) => {
    const busy = list.filter(changesSomething);
    // Nothing to write: no round trip (but a closed store still refuses).
    if (busy.length === 0) return db.ready();
    const appends = busy.flatMap((changes) => changes.appends ?? []);
    try {
      // Messages only (the common group): one statement, atomic on its own, one round trip.
      if (busy.every(onlyAppends)) {
        return await db.alone((q) => appendAll(q, appends, fence));
      }
      await db.transaction(async (tx) => {
        if (fence) await tx.rows(FENCE, [fence.lease, fence.epoch]);
        await appendAll(tx, appends);
        for (const changes of busy) await applyOthers(tx, changes);
      });
    } catch (error) {
      throw fence && (error as { code?: unknown }).code === FENCED_CODE
        ? new FencedError(fence, { cause: error })
        : error;
    }
  };

  return {
    append: (batch) => writeAll([{ appends: [batch] }]),
    write: (changes) => writeAll([changes]),
    writeAll: (list) => writeAll(list),
    fenced: (fence) => ({
      write: (changes) => writeAll([changes], fence),
      writeAll: (list) => writeAll(list, fence),
    }),
  };
}

/** The SQLSTATE `sb_fence` raises when the lease moved on (schema version 3). */
const FENCED_CODE = 'SBF01';
const FENCE = 'SELECT sb_fence($1::text, $2::bigint)';
