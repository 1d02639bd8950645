import pg from 'pg';
import { StoreUnavailableError } from '../errors.js';

/**
 * A statement with a fixed text and a name: node-postgres prepares a named statement once per
 * connection, so PostgreSQL parses and plans it once, not on every call. Names must be unique
 * across the store (a name reused for another text is an error), hence the port's prefix.
 */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

/** Rows as node-postgres gives them (int8 as numbers: see `createPool`). */
export type Row = Record<string, unknown>;

/**
 * Something to run statements on: the pool (each statement its own transaction) or one
 * transaction's connection.
 */
export interface Queryable {
  /** The rows of one statement. */
  rows<R extends object>(statement: Statement | string, values?: readonly unknown[]): Promise<R[]>;
  /** How many rows one statement wrote (or returned). */
  count(statement: Statement | string, values?: readonly unknown[]): Promise<number>;
}

/** The pool the ports share: statements on any connection, transactions on one. */
export interface Database extends Queryable {
  /**
   * One transaction on one pooled connection: BEGIN, `fn`, COMMIT; ROLLBACK if anything throws,
   * and the error rejects the returned promise.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * One write statement on its own, atomic without BEGIN and COMMIT (one round trip). A
   * connection lost while it ran leaves its outcome unknown (`StoreUnavailableError` 'unknown').
   */
  alone(fn: (q: Queryable) => Promise<void>): Promise<void>;
  /** Rejects once the store is closed (for a call that may not reach the database). */
  ready(): Promise<void>;
  /** Refuse every later call, then end the pool once the calls in flight are done. */
  end(): Promise<void>;
}

/**
 * A named statement of one port.
 * @example const byId = statement('directory.agent', 'SELECT ... WHERE id = $1')
 */
export const statement = (name: string, text: string): Statement => ({ name: `sb.${name}`, text });

/**
 * Whether an error means the connection is gone or unusable (a socket error, the server shutting
 * down, a statement that timed out with no answer), not that a statement failed: such a
 * connection must not go back to the pool.
 * @example if (isConnectionError(error)) client.release(error) // destroyed, not pooled
 */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  // SQLSTATE class 08 (connection exception) and 57P0x (the server is shutting down or gone).
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    return code.startsWith('08') || code.startsWith('57P');
  }
  // A Node socket error (ECONNRESET, EPIPE, ...) or node-postgres's own ("Connection terminated",
  // "Query read timeout").
  return true;
}

const OID_INT8 = 20;

/** What `createPool` needs besides the URL. */
export interface PoolOptions {
  connectionString: string;
  max: number;
  connectionTimeoutMillis: number;
  queryTimeoutMillis: number;
  onIdleError: (error: Error) => void;
}

/**
 * The pool, with its own type parsers: BIGINT (int8) columns are the store's ms timestamps and
 * counts, so they come back as numbers. The parsers belong to this pool only (`pg.types` is
 * global: changing it would change every other pg user in the process).
 * @example const pool = createPool({ connectionString: url, max: 10, ... })
 */
export function createPool(options: PoolOptions): pg.Pool {
  const types = new pg.TypeOverrides();
  types.setTypeParser(OID_INT8, (value: string) => Number(value));
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    connectionTimeoutMillis: options.connectionTimeoutMillis,
    // A server that stops answering (a network partition, a paused host) fails the statement
    // instead of hanging it; the connection is then destroyed (see `isConnectionError`).
    query_timeout: options.queryTimeoutMillis,
    application_name: 'switchboard',
    // Probes an idle connection after 10 s of silence, so a dead one is found before it is used.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    types,
  });
  // An idle connection that dies (the server restarted) is dropped by the pool and replaced on
  // the next call; without a listener its 'error' event would end the process.
  pool.on('error', (error) => {
    // pg-pool attaches the client, whose parameters hold the password: never hand it on.
    delete (error as { client?: unknown }).client;
    options.onIdleError(error);
  });
  return pool;
}

/** A checked-out connection, and the error that broke it, if one did. */
interface Lease {
  client: pg.PoolClient;
  broken?: Error;
}

/** Run one statement on a leased connection; a connection failure marks the lease broken. */
async function run(lease: Lease, statement: Statement | string, values: readonly unknown[]) {
  try {
    return typeof statement === 'string'
      ? await lease.client.query<Row>(statement, [...values])
      : await lease.client.query<Row>({
          name: statement.name,
          text: statement.text,
          values: [...values],
        });
  } catch (error) {
    if (isConnectionError(error)) lease.broken ??= error as Error;
    throw error;
  }
}

const queryable = (lease: Lease): Queryable => ({
  rows: async <R extends object>(statement: Statement | string, values: readonly unknown[] = []) =>
    (await run(lease, statement, values)).rows as R[],
  count: async (statement, values = []) => (await run(lease, statement, values)).rowCount ?? 0,
});

/**
 * A leased connection, released when `fn` settles: destroyed, not pooled again, if it broke.
 * While it is out, its 'error' event (the socket died between two statements) is caught here,
 * else it would end the process; the statement in flight rejects on its own.
 */
async function withLease<T>(pool: pg.Pool, fn: (lease: Lease) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw unavailable(error, 'not-written');
  }
  const lease: Lease = { client };
  const onError = (error: Error) => {
    lease.broken ??= error;
  };
  lease.client.on('error', onError);
  try {
    return await fn(lease);
  } catch (error) {
    // A statement that failed because the connection did is the database out of reach, not a
    // refusal: the caller says "try again". (A transaction decides its own outcome first.)
    if (lease.broken && !(error instanceof StoreUnavailableError)) {
      throw unavailable(error, 'not-written');
    }
    throw error;
  } finally {
    lease.client.off('error', onError);
    lease.client.release(lease.broken);
  }
}

/** The error a caller sees when the database could not be reached; the password never shows. */
function unavailable(error: unknown, outcome: 'not-written' | 'unknown'): StoreUnavailableError {
  delete (error as { client?: unknown } | null)?.client;
  const said = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(`the database could not be reached: ${said}`, outcome, {
    cause: error,
  });
}

/**
 * The `Database` over a pool: every call is refused once `end` was called (the pool itself would
 * say "Cannot use a pool after calling end", less clearly).
 * @example const db = createDatabase(createPool(options)); await db.rows(statement, [id])
 */
export function createDatabase(pool: pg.Pool): Database {
  let ended = false;
  const ready = async () => {
    if (ended) throw new Error('store is closed');
  };
  const onPool = async <T>(fn: (q: Queryable) => Promise<T>): Promise<T> => {
    await ready();
    return withLease(pool, (lease) => fn(queryable(lease)));
  };
  return {
    rows: (statement, values) => onPool((q) => q.rows(statement, values)),
    count: (statement, values) => onPool((q) => q.count(statement, values)),
    ready,
    alone: async (fn) => {
      await ready();
      await withLease(pool, async (lease) => {
        try {
          await fn(queryable(lease));
        } catch (error) {
          // Sent, perhaps applied, and no answer: the caller must find out (see group commit).
          if (lease.broken) throw unavailable(error, 'unknown');
          throw error;
        }
      });
    },
    transaction: async (fn) => {
      await ready();
      return withLease(pool, async (lease) => {
        const tx = queryable(lease);
        await tx.count('BEGIN');
        try {
          const result = await fn(tx);
          try {
            await tx.count('COMMIT');
          } catch (error) {
            // The connection went with the COMMIT on its way: it may or may not have applied.
            if (lease.broken) throw unavailable(error, 'unknown');
            throw error;
          }
          return result;
        } catch (error) {
          // A failed COMMIT has ended the transaction already (ROLLBACK then only warns). If
          // ROLLBACK fails, the connection is in an unknown state: it is destroyed, the server
          // rolls back when it goes, and the caller sees the first error, the one that matters.
          try {
            await tx.count('ROLLBACK');
          } catch (rollbackError) {
            lease.broken ??= rollbackError as Error;
          }
          throw error;
        }
      });
    },
    end: async () => {
      if (ended) return;
      ended = true;
      await pool.end();
    },
  };
}
