import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { makePrivateDir, makePrivateFile } from './file-modes.js';
import { createSqliteCallbacks } from './sqlite/callbacks.js';
import { createSqliteConversations } from './sqlite/conversations.js';
import { createSqliteDirectory } from './sqlite/directory.js';
import { createSqliteHelpCenter } from './sqlite/help-center.js';
import { createSqliteReports } from './sqlite/reports.js';
import { run } from './sqlite/run.js';
import { migrate } from './sqlite/schema.js';
import { createSqliteTransactions } from './sqlite/transactions.js';
import { createSqliteVisitors } from './sqlite/visitors.js';
import type { Store } from './types.js';

export { MIGRATIONS, SCHEMA_VERSION } from './sqlite/schema.js';

export interface SqliteStoreOptions {
  /** `full` (default) syncs every commit to disk; `normal` may lose the last commits on power loss. */
  synchronous?: 'full' | 'normal';
}

/**
 * The SQLite store (better-sqlite3): one file, WAL, migrations by `user_version`. Each port is
 * its own module under `sqlite/` (statements and the port's methods); this composes them over one
 * connection. better-sqlite3 is synchronous; the port is async so a networked store can take its
 * place.
 * @example const store = openSqliteStore(join(dataDir, 'switchboard.db'))
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  if (path !== ':memory:') {
    // Mode 0700 directory, 0600 database; SQLite gives the WAL and -shm files the database's mode.
    makePrivateDir(dirname(path));
    makePrivateFile(path);
  }
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const conversations = createSqliteConversations(db);
  const visitors = createSqliteVisitors(db);
  const directory = createSqliteDirectory(db);
  const callbacks = createSqliteCallbacks(db);
  const transactions = createSqliteTransactions(db, {
    appendOne: conversations.appendOne,
    directory: directory.writes,
    callbacks: callbacks.writes,
    visitors: visitors.writes,
  });
  let open = true;

  return {
    ...transactions,
    ...conversations.store,
    ...visitors.store,
    ...directory.store,
    ...callbacks.store,
    ...createSqliteHelpCenter(db),
    ...createSqliteReports(db),
    isOpen: () => open,
    close: () =>
      run(() => {
        if (!open) return;
        open = false;
        visitors.flush();
        db.close();
      }),
  };
}
