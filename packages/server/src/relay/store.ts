// The relay's store: the one given, else PostgreSQL when `storage.url` is set, else SQLite in the
// data directory (with a warning when others may read its files).
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { deferStore } from '../store/deferred.js';
import { loosePermissions } from '../store/file-modes.js';
import { openPostgresStore } from '../store/postgres.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/types.js';

/** The database file inside the data directory. */
export const DATABASE_FILE = 'switchboard.db';

/**
 * The given store, else PostgreSQL at `storage.url` (opening in the background: the relay's start
 * awaits it, so a bad URL fails `listen()` with a `StoreOpenError`), else SQLite in
 * `<dataDir>/switchboard.db`; warns about data files others can read.
 * @example const store = openStore(config, options.store, logger)
 */
export function openStore(config: Config, given: Store | undefined, logger: Logger): Store {
  if (!given && config.storage.url) {
    return deferStore(
      openPostgresStore(config.storage.url, {
        onIdleError: (error) =>
          logger.warn({ err: error }, 'a database connection failed; the next call opens another'),
      }),
    );
  }
  const store =
    given ??
    openSqliteStore(join(config.dataDir, DATABASE_FILE), {
      synchronous: config.sqlite.synchronous,
    });
  // Password hashes, phone numbers and chat text: say so when others may read them.
  for (const loose of loosePermissions(config.dataDir, [
    DATABASE_FILE,
    `${DATABASE_FILE}-wal`,
    `${DATABASE_FILE}-shm`,
  ])) {
    logger.warn(
      loose,
      `data file readable by others: run chmod ${loose.expected} on it (the data directory 700, its files 600)`,
    );
  }
  return store;
}
