import { createPostgresCallbacks } from './postgres/callbacks.js';
import { createPostgresConversations } from './postgres/conversations.js';
import { createDatabase, createPool } from './postgres/db.js';
import { createPostgresDirectory } from './postgres/directory.js';
import { parseTarget, toOpenError } from './postgres/errors.js';
import { createPostgresHelpCenter } from './postgres/help-center.js';
import { createPostgresLeases } from './postgres/leases.js';
import { createPostgresReports } from './postgres/reports.js';
import { migrate } from './postgres/schema.js';
import { createPostgresTransactions } from './postgres/transactions.js';
import { createPostgresVisitors } from './postgres/visitors.js';
import type { Store } from './types.js';

export {
  maskPostgresUrl,
  STORE_OPEN_ERROR_CODES,
  StoreOpenError,
  type StoreOpenErrorCode,
} from './postgres/errors.js';
export {
  MIGRATION_LOCK_KEY,
  POSTGRES_MIGRATIONS,
  POSTGRES_SCHEMA_VERSION,
  type PostgresMigration,
} from './postgres/schema.js';

export interface PostgresStoreOptions {
  /**
   * Connections in the pool: reads run side by side, each write transaction holds one.
   * @default 10
   */
  poolSize?: number;
  /**
   * How long a call (or the open) waits for a connection, in ms, before it rejects: a server that
   * went away fails calls rather than hanging them.
   * @default 10000
   */
  connectTimeoutMs?: number;
  /**
   * How long one statement may go unanswered, in ms, before it rejects (and its connection is
   * dropped): a server that stops answering fails calls rather than hanging them. Longer than
   * the slowest report read.
   * @default 60000
   */
  queryTimeoutMs?: number;
  /**
   * Told when an idle pooled connection fails (the server restarted, say). The pool has dropped
   * it already and opens a new one on the next call, so nothing else needs doing.
   * @default ignored
   */
  onIdleError?: (error: Error) => void;
}

/**
 * The PostgreSQL store (node-postgres): one pool, versioned migrations applied at open under an
 * advisory lock (so relay nodes starting together migrate once). Each port is its own module
 * under `postgres/` (statements and the port's methods), as `sqlite/` is; this composes them over
 * the pool. Rejects with a `StoreOpenError` (a `code` and a message naming the server, never the
 * password) when the database cannot be reached, refuses the user, does not exist, or was
 * migrated by a newer relay.
 * @example const store = await openPostgresStore('postgres://switchboard:secret@db:5432/switchboard')
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<Store> {
  const target = parseTarget(url);
  const pool = createPool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    queryTimeoutMillis: options.queryTimeoutMs ?? 60_000,
    onIdleError: options.onIdleError ?? (() => {}),
  });
  const db = createDatabase(pool);
  try {
    await db.transaction(migrate);
  } catch (error) {
    // The open's error is the one to report; ending a pool that never worked has nothing to add.
    await db.end().catch(() => {});
    throw toOpenError(error, target);
  }

  const conversations = createPostgresConversations(db);
  const visitors = createPostgresVisitors(db);
  const directory = createPostgresDirectory(db);
  const callbacks = createPostgresCallbacks(db);
  const transactions = createPostgresTransactions(db, {
    appendAll: conversations.appendAll,
    directory: directory.writes,
    callbacks: callbacks.writes,
    visitors: visitors.writes,
  });
  let open = true;
  const { fenced, ...writes } = transactions;

  return {
    ...writes,
    leases: { ...createPostgresLeases(db, url), fenced },
    ...conversations.store,
    ...visitors.store,
    ...directory.store,
    ...callbacks.store,
    ...createPostgresHelpCenter(db),
    ...createPostgresReports(db),
    isOpen: () => open,
    close: async () => {
      if (!open) return;
      open = false;
      // The new visitors still waiting for their group are written first; then the pool ends
      // once the calls in flight are done, and every later call is refused.
      await visitors.flush();
      await db.end();
    },
  };
}
