import type { AppendBatch, StoreChanges, StoreTransactions } from '../types.js';
import type { CallbackWrites } from './callbacks.js';
import type { Database, Queryable } from './db.js';
import type { DirectoryWrites } from './directory.js';
import type { VisitorWrites } from './visitors.js';

/** The writes a command's changes are made of, each inside the caller's transaction. */
export interface Writes {
  appendAll(tx: Queryable, batches: readonly AppendBatch[]): Promise<void>;
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
): StoreTransactions & { append(batch: AppendBatch): Promise<void> } {
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
  const writeAll = async (list: readonly StoreChanges[]) => {
    const busy = list.filter(changesSomething);
    // Nothing to write: no round trip (but a closed store still refuses).
    if (busy.length === 0) return db.ready();
    const appends = busy.flatMap((changes) => changes.appends ?? []);
    // Messages only (the common group): one statement, atomic on its own, one round trip.
    if (busy.every(onlyAppends)) {
      return db.alone((q) => appendAll(q, appends));
    }
    await db.transaction(async (tx) => {
      await appendAll(tx, appends);
      for (const changes of busy) await applyOthers(tx, changes);
    });
  };

  return {
    append: (batch) => writeAll([{ appends: [batch] }]),
    write: (changes) => writeAll([changes]),
    writeAll,
  };
}
