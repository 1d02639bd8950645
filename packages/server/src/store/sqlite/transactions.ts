import type Database from 'better-sqlite3';
import type { AppendBatch, StoreChanges, StoreTransactions } from '../types.js';
import type { CallbackWrites } from './callbacks.js';
import type { DirectoryWrites } from './directory.js';
import { run } from './run.js';
import type { VisitorWrites } from './visitors.js';

/** The writes a command's changes are made of, each inside the caller's transaction. */
export interface Writes {
  appendOne(batch: AppendBatch): void;
  directory: DirectoryWrites;
  callbacks: CallbackWrites;
  visitors: VisitorWrites;
}

/**
 * The `StoreTransactions` port on SQLite (and `append`, one batch written the same way): each
 * call is one `BEGIN IMMEDIATE` transaction over the other ports' tables.
 * @example const tx = createSqliteTransactions(db, { appendOne, directory, callbacks, visitors })
 */
export function createSqliteTransactions(
  db: Database.Database,
  { appendOne, directory, callbacks, visitors }: Writes,
): StoreTransactions & { append(batch: AppendBatch): Promise<void> } {
  /** One command's changes, inside the caller's transaction. */
  const applyChanges = (changes: StoreChanges) => {
    for (const batch of changes.appends ?? []) appendOne(batch);
    for (const { agentId, presence } of changes.presence ?? []) {
      directory.setPresence(agentId, presence);
    }
    for (const department of changes.departments ?? []) directory.saveDepartment(department);
    for (const canned of changes.cannedSaved ?? []) directory.saveCanned(canned);
    for (const id of changes.cannedDeleted ?? []) directory.deleteCanned(id);
    for (const change of changes.callbacks ?? []) callbacks.saveCallback(change);
    for (const { visitorId, phone } of changes.visitorPhones ?? []) {
      visitors.setPhone(visitorId, phone);
    }
    for (const delivery of changes.deliveries ?? []) callbacks.saveDelivery(delivery);
    for (const visitor of changes.visitors ?? []) visitors.saveVisitor(visitor);
  };
  const write = db.transaction(applyChanges);
  // One commit (one fsync) for a whole group of commands.
  const writeAll = db.transaction((list: readonly StoreChanges[]) => {
    for (const changes of list) applyChanges(changes);
  });

  return {
    append: (batch) => run(() => write.immediate({ appends: [batch] })),
    write: (changes) => run(() => write.immediate(changes)),
    writeAll: (list) => run(() => writeAll.immediate(list)),
  };
}
