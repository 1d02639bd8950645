// `switchboard migrate-store`: a site's SQLite database copied into an empty PostgreSQL database,
// table by table, as one consistent snapshot read and one all-or-nothing transaction written.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from './errors.js';
import { createDatabase, createPool, isConnectionError, type Queryable } from './postgres/db.js';
import { parseTarget, StoreOpenError, type Target, toOpenError } from './postgres/errors.js';
import { migrate } from './postgres/schema.js';
import { SCHEMA_VERSION } from './sqlite/schema.js';

/** The SQLite file in a relay's data directory (as `relay/store.ts` names it). */
const SQLITE_FILE = 'switchboard.db';

/** Why a copy was refused or failed; nothing was written to PostgreSQL in any of these cases. */
export const MIGRATE_STORE_ERROR_CODES = {
  /** No data directory, or no SQLite database in it. */
  NO_SOURCE: 'NO_SOURCE',
  /** The SQLite file could not be read (not a database, damaged). */
  SOURCE_UNREADABLE: 'SOURCE_UNREADABLE',
  /** The SQLite schema is not the version this relay writes (start the relay on it once first). */
  SOURCE_VERSION: 'SOURCE_VERSION',
  /** The SQLite tables or columns are not the ones this copier knows. */
  SOURCE_SCHEMA: 'SOURCE_SCHEMA',
  /** The PostgreSQL database already holds rows in the relay's tables. */
  NOT_EMPTY: 'NOT_EMPTY',
  /** PostgreSQL refused a row (a constraint the SQLite data breaks). */
  ROW_REFUSED: 'ROW_REFUSED',
  /** A table's rows in PostgreSQL do not number what the snapshot held. */
  COUNT_MISMATCH: 'COUNT_MISMATCH',
  /** The connection to PostgreSQL failed during the copy. */
  UNAVAILABLE: 'UNAVAILABLE',
  /** Anything else (PostgreSQL's message says what). */
  FAILED: 'FAILED',
} as const;
export type MigrateStoreErrorCode = keyof typeof MIGRATE_STORE_ERROR_CODES;

/**
 * A copy that did not happen, with a code and a message for a person (never the password).
 * @example if (error instanceof MigrateStoreError && error.code === 'NOT_EMPTY') useAnotherDatabase()
 */
export class MigrateStoreError extends Error {
  override readonly name = 'MigrateStoreError';
  readonly code: MigrateStoreErrorCode;

  constructor(code: MigrateStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** One table as the copier moves it: the same name and columns on both sides. */
export interface CopiedTable {
  /** The table's name in both schemas. */
  readonly name: string;
  /** What the printed summary calls its rows. */
  readonly label: string;
  /** Every column of the SQLite table, copied under the same name. */
  readonly columns: readonly string[];
  /** Columns SQLite keeps as 0/1 and PostgreSQL as BOOLEAN. */
  readonly booleans?: readonly string[];
  /**
   * PostgreSQL's identity column `ord` stands for SQLite's rowid (lists break ties by it): it is
   * set to the rowid, and the identity restarts after the largest one.
   */
  readonly ord?: boolean;
  /** The order rows are read (and inserted) in: rowid, or the key of a WITHOUT ROWID table. */
  readonly orderBy: string;
}

/**
 * Every table of the SQLite schema (sqlite/schema.ts, version `SCHEMA_VERSION`), in an order that
 * satisfies PostgreSQL's foreign keys (events, client ids -> conversations; callback client ids ->
 * callbacks). A table added to SQLite must be added here: the copy refuses a source whose tables
 * or columns differ from this list, and test/store/migrate-store.test.ts compares it with
 * `sqlite_master` and both schemas' columns.
 */
export const COPIED_TABLES: readonly CopiedTable[] = [
  {
    name: 'agents',
    label: 'agents',
    columns: ['id', 'email', 'name', 'role', 'password_hash', 'disabled', 'created_at', 'presence'],
    booleans: ['disabled'],
    orderBy: 'rowid',
  },
  {
    name: 'departments',
    label: 'departments',
    columns: ['id', 'data'],
    ord: true,
    orderBy: 'rowid',
  },
  {
    name: 'canned',
    label: 'canned replies',
    columns: ['id', 'shortcut', 'data'],
    orderBy: 'rowid',
  },
  {
    name: 'site_appearance',
    label: 'site appearances',
    columns: ['site_id', 'data'],
    orderBy: 'rowid',
  },
  {
    name: 'visitors',
    label: 'visitors',
    columns: [
      'id',
      'site_id',
      'name',
      'created_at',
      'phone',
      'email',
      'user_id',
      'verified',
      'attributes',
    ],
    booleans: ['verified'],
    orderBy: 'rowid',
  },
  {
    name: 'conversations',
    label: 'conversations',
    columns: [
      'id',
      'site_id',
      'visitor_id',
      'status',
      'agent_id',
      'department_id',
      'created_at',
      'updated_at',
      'closed_at',
      'last_seq',
      'summary',
    ],
    ord: true,
    orderBy: 'rowid',
  },
  {
    name: 'events',
    label: 'events',
    columns: ['conversation_id', 'seq', 'type', 'data', 'at'],
    orderBy: 'conversation_id, seq',
  },
  {
    name: 'client_ids',
    label: 'sent-message ids',
    columns: ['actor', 'client_id', 'conversation_id', 'seq', 'message_id', 'at'],
    orderBy: 'actor, client_id',
  },
  {
    name: 'callbacks',
    label: 'callbacks',
    columns: [
      'id',
      'site_id',
      'visitor_id',
      'phone',
      'department_id',
      'status',
      'due_at',
      'created_at',
      'updated_at',
      'data',
    ],
    orderBy: 'rowid',
  },
  {
    name: 'callback_client_ids',
    label: 'callback request ids',
    columns: ['actor', 'client_id', 'callback_id'],
    orderBy: 'actor, client_id',
  },
  {
    name: 'webhook_deliveries',
    label: 'webhook deliveries',
    columns: [
      'id',
      'url',
      'event',
      'body',
      'status',
      'attempts',
      'last_status',
      'last_error',
      'next_attempt_at',
      'created_at',
      'updated_at',
    ],
    ord: true,
    orderBy: 'rowid',
  },
  { name: 'articles', label: 'help articles', columns: ['id', 'data'], orderBy: 'rowid' },
  {
    name: 'faq_searches',
    label: 'FAQ searches',
    columns: ['site_id', 'visitor_id', 'query', 'results', 'purpose', 'at'],
    ord: true,
    orderBy: 'rowid',
  },
  {
    name: 'article_views',
    label: 'article views',
    columns: ['site_id', 'visitor_id', 'article_id', 'source', 'at'],
    ord: true,
    orderBy: 'rowid',
  },
  {
    name: 'article_feedback',
    label: 'article feedback answers',
    columns: ['site_id', 'visitor_id', 'article_id', 'helpful', 'at'],
    booleans: ['helpful'],
    orderBy: 'visitor_id, article_id',
  },
  {
    name: 'staffing',
    label: 'staffing plans',
    columns: ['department_id', 'scheduled', 'updated_at'],
    orderBy: 'rowid',
  },
  {
    name: 'qa_reviews',
    label: 'QA reviews',
    columns: ['conversation_id', 'reviewer_id', 'agent_id', 'at', 'data'],
    orderBy: 'conversation_id, reviewer_id',
  },
];

/** PostgreSQL's limit on one statement's parameters (a 16-bit count in the wire protocol). */
const MAX_PARAMETERS = 65_535;
/** Rows per INSERT at most: large enough to make round trips rare, small enough to stay light. */
const MAX_ROWS_PER_INSERT = 1_000;
/** Text per INSERT at most (UTF-16 units, about bytes): a batch of long events stays a few MB. */
const MAX_CHARS_PER_INSERT = 4_000_000;

/** How many rows one table had and has. */
export interface TableCount {
  table: string;
  label: string;
  rows: number;
}

/** What `migrateStore` copied, every count checked in PostgreSQL before its COMMIT. */
export interface MigrateStoreSummary {
  /** The SQLite file read. */
  source: string;
  /** Its schema version (`PRAGMA user_version`). */
  schemaVersion: number;
  /** `PostgreSQL at host:port/database`: never the user or the password. */
  target: string;
  /** Per table, in copy order. */
  tables: TableCount[];
  /** Rows in all tables. */
  total: number;
}

export interface MigrateStoreOptions {
  /** A relay's data directory (its `switchboard.db` is read), or a SQLite file (a backup). */
  from: string;
  /** The PostgreSQL URL to copy into; its database must exist and hold no relay data. */
  to: string;
  /**
   * How long one statement may go unanswered, in ms (a big batch of events takes a while).
   * @default 300000
   */
  queryTimeoutMs?: number;
}

/** Where the SQLite file is, or a readable refusal. */
function sourceFile(from: string): string {
  if (!existsSync(from)) {
    throw new MigrateStoreError(
      'NO_SOURCE',
      `${from} does not exist (give the relay's data directory)`,
    );
  }
  if (statSync(from).isFile()) return from;
  const file = join(from, SQLITE_FILE);
  if (!existsSync(file)) {
    throw new MigrateStoreError(
      'NO_SOURCE',
      `there is no ${SQLITE_FILE} in ${from} (give the data directory of a relay that kept its data in SQLite)`,
    );
  }
  return file;
}

/** `PostgreSQL at host:port/database` for the messages: no user, no password. */
function describeTarget(url: string, target: Target): string {
  let database = '';
  try {
    database = decodeURIComponent(new URL(url).pathname.slice(1));
  } catch {
    // parseTarget accepted the URL already; an undecodable name is only left out.
  }
  return `PostgreSQL at ${target.where}${database ? `/${database}` : ''}`;
}

/**
 * Refuse a source whose schema is not the one this copier was written for: another version
 * (migrate it by starting the relay on it), or tables and columns that differ from COPIED_TABLES.
 */
function checkSource(source: Database.Database, file: string): number {
  const version = source.pragma('user_version', { simple: true }) as number;
  const dir =
    basename(file) === SQLITE_FILE
      ? dirname(file)
      : `a data directory holding it as ${SQLITE_FILE}`;
  if (version === 0) {
    throw new MigrateStoreError(
      'NO_SOURCE',
      `${file} holds no relay data (schema version 0: an empty or another application's SQLite file)`,
    );
  }
  if (version < SCHEMA_VERSION) {
    throw new MigrateStoreError(
      'SOURCE_VERSION',
      `${file} has schema version ${version}, older than this relay's (${SCHEMA_VERSION}): start this ` +
        `relay version once on ${dir} (it migrates the database at start), stop it, and run migrate-store again`,
    );
  }
  if (version > SCHEMA_VERSION) {
    throw new MigrateStoreError(
      'SOURCE_VERSION',
      `${file} has schema version ${version}, newer than this relay knows (${SCHEMA_VERSION}): run ` +
        'migrate-store of the relay version that wrote it',
    );
  }
  const tables = (
    source
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
      )
      .all() as Array<{ name: string }>
  ).map((row) => row.name);
  const known = new Set(COPIED_TABLES.map((table) => table.name));
  const unknown = tables.filter((name) => !known.has(name));
  const missing = [...known].filter((name) => !tables.includes(name));
  const problems = [
    ...unknown.map((name) => `table ${name} is not copied by this version`),
    ...missing.map((name) => `table ${name} is missing`),
  ];
  for (const table of COPIED_TABLES) {
    if (!tables.includes(table.name)) continue;
    const columns = (source.pragma(`table_info(${table.name})`) as Array<{ name: string }>).map(
      (column) => column.name,
    );
    const differ =
      columns.length !== table.columns.length ||
      columns.some((column) => !table.columns.includes(column));
    if (differ) problems.push(`${table.name} has columns (${columns.join(', ')})`);
  }
  if (problems.length > 0) {
    throw new MigrateStoreError(
      'SOURCE_SCHEMA',
      `${file} is not the schema this relay writes (${problems.join('; ')}); nothing was copied`,
    );
  }
  return version;
}

/** Every relay table's row count in one statement (the target's before and after the copy). */
async function countRows(tx: Queryable): Promise<Map<string, number>> {
  const columns = COPIED_TABLES.map(
    (table) => `(SELECT count(*) FROM ${table.name}) AS ${table.name}`,
  );
  const [row] = await tx.rows<Record<string, number | string>>(`SELECT ${columns.join(', ')}`);
  // count(*) is BIGINT, which the pool's parser gives as a number.
  return new Map(COPIED_TABLES.map((table) => [table.name, Number(row?.[table.name] ?? 0)]));
}

/** `4,120`: counts as people read them. */
const formatCount = (n: number) => n.toLocaleString('en-US');

/**
 * One table's rows, read in `orderBy` order from the snapshot and inserted in batches of
 * multi-row INSERTs. Returns how many rows PostgreSQL says it inserted.
 */
async function copyTable(
  source: Database.Database,
  tx: Queryable,
  table: CopiedTable,
): Promise<number> {
  const columns = [...(table.ord ? ['ord'] : []), ...table.columns];
  const select = source
    .prepare(
      `SELECT ${table.ord ? 'rowid, ' : ''}${table.columns.join(', ')} FROM ${table.name} ORDER BY ${table.orderBy}`,
    )
    .raw(true)
    // Integers as BigInt: any value SQLite holds reaches PostgreSQL exactly (node-postgres sends
    // a BigInt as its decimal text), not rounded to a double.
    .safeIntegers(true);
  const flags = new Set(
    (table.booleans ?? []).map((name) => columns.indexOf(name)).filter((i) => i >= 0),
  );
  const perInsert = Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns.length));
  // OVERRIDING SYSTEM VALUE: `ord` is GENERATED ALWAYS; the rowid is written into it instead.
  const head = `INSERT INTO ${table.name} (${columns.join(', ')})${table.ord ? ' OVERRIDING SYSTEM VALUE' : ''} VALUES `;
  let values: unknown[] = [];
  let rows = 0;
  let chars = 0;
  let inserted = 0;
  const flush = async () => {
    if (rows === 0) return;
    const tuples: string[] = [];
    for (let r = 0; r < rows; r++) {
      const base = r * columns.length;
      tuples.push(`(${columns.map((_, c) => `$${base + c + 1}`).join(', ')})`);
    }
    inserted += await tx.count(head + tuples.join(', '), values);
    values = [];
    rows = 0;
    chars = 0;
  };
  for (const row of select.iterate() as Iterable<unknown[]>) {
    row.forEach((value, i) => {
      // SQLite's 0/1 flags; anything else goes as it is, for PostgreSQL to refuse by name.
      if (flags.has(i) && typeof value === 'bigint' && (value === 0n || value === 1n)) {
        values.push(value === 1n);
      } else {
        values.push(value);
      }
      if (typeof value === 'string') chars += value.length;
    });
    rows++;
    if (rows === perInsert || chars >= MAX_CHARS_PER_INSERT) await flush();
  }
  await flush();
  return inserted;
}

/**
 * Restart each `ord` identity after the largest copied value, so a relay's later inserts come
 * after the copied rows (and do not collide with them).
 */
async function restartIdentities(tx: Queryable): Promise<void> {
  for (const table of COPIED_TABLES) {
    if (!table.ord) continue;
    await tx.count(
      `SELECT setval(pg_get_serial_sequence('${table.name}', 'ord'), max(ord)) FROM ${table.name} HAVING max(ord) IS NOT NULL`,
    );
  }
}

/**
 * A failed table copy as the copy's error: a SQLite error is the source unreadable; PostgreSQL's
 * refusal keeps its words and names the table. A lost connection is left to `scrubbed`.
 */
function refused(error: unknown, table: CopiedTable, file: string): unknown {
  if (error instanceof Database.SqliteError) {
    return new MigrateStoreError(
      'SOURCE_UNREADABLE',
      `cannot read ${table.name} of ${file}: ${error.message}`,
      {
        cause: error,
      },
    );
  }
  if (error instanceof MigrateStoreError || isConnectionError(error)) return error;
  const detail = (error as { detail?: unknown }).detail;
  const said = error instanceof Error ? error.message : String(error);
  return new MigrateStoreError(
    'ROW_REFUSED',
    `PostgreSQL refused a row of ${table.name}: ${said}${typeof detail === 'string' ? ` (${detail})` : ''}`,
    { cause: error },
  );
}

/**
 * Copy a relay's SQLite database into an empty PostgreSQL database: every table of the SQLite
 * schema (COPIED_TABLES), read in one read transaction of a read-only connection (one consistent
 * snapshot even while a relay writes) and written in ONE PostgreSQL transaction: the schema
 * migrated, the relay's tables locked and checked empty, rows inserted in batches in foreign-key
 * order (0/1 flags as BOOLEAN, rowids as `ord`), identities restarted, and every table's count
 * compared with the snapshot's before COMMIT. Any refusal or failure rolls it all back.
 *
 * Rejects with a `StoreOpenError` when PostgreSQL cannot be opened (bad URL, unreachable, wrong
 * password, no such database, newer schema) and a `MigrateStoreError` otherwise; neither message
 * holds the password.
 * @example const summary = await migrateStore({ from: '/var/lib/switchboard', to: process.env.DATABASE_URL! })
 */
export async function migrateStore(options: MigrateStoreOptions): Promise<MigrateStoreSummary> {
  const file = sourceFile(options.from);
  // The URL first: a bad one is refused before anything is opened.
  const target = parseTarget(options.to);
  const where = describeTarget(options.to, target);
  const scrub = (text: string) =>
    target.password ? text.split(target.password).join('***') : text;

  let source: Database.Database;
  try {
    source = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new MigrateStoreError(
      'SOURCE_UNREADABLE',
      `cannot open ${file}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const pool = createPool({
    connectionString: options.to,
    // One transaction does all the work.
    max: 1,
    connectionTimeoutMillis: 10_000,
    queryTimeoutMillis: options.queryTimeoutMs ?? 300_000,
    onIdleError: () => {},
  });
  const db = createDatabase(pool);
  try {
    // The snapshot starts with the first read after BEGIN: the version check, the counts and
    // every table's rows all see the database as of that moment, whatever a relay commits since.
    const schemaVersion = readSource(() => {
      source.pragma('busy_timeout = 5000');
      source.exec('BEGIN');
      return checkSource(source, file);
    }, file);
    const expected = readSource(
      () =>
        new Map(
          COPIED_TABLES.map((table) => [
            table.name,
            (source.prepare(`SELECT count(*) AS n FROM ${table.name}`).get() as { n: number }).n,
          ]),
        ),
      file,
    );

    // The schema as a relay's start creates it, with the same readable errors.
    try {
      await db.transaction(migrate);
    } catch (error) {
      throw toOpenError(error, target);
    }

    const copied = await db.transaction(async (tx) => {
      // The migration's advisory lock again, held to COMMIT: a relay starting on this database
      // meanwhile waits for the copy rather than seeding agents and departments into it.
      await migrate(tx);
      // Nobody else writes these tables until COMMIT (readers go on), so "empty" stays true.
      await tx.count(
        `LOCK TABLE ${COPIED_TABLES.map((table) => table.name).join(', ')} IN SHARE ROW EXCLUSIVE MODE`,
      );
      const before = await countRows(tx);
      const held = COPIED_TABLES.filter((table) => (before.get(table.name) ?? 0) > 0);
      if (held.length > 0) {
        const list = held
          .map((table) => `${table.name}: ${formatCount(before.get(table.name) ?? 0)}`)
          .join(', ');
        throw new MigrateStoreError(
          'NOT_EMPTY',
          `${where} already has data (${list}): migrate-store copies only into a database without ` +
            'relay data; nothing was written',
        );
      }

      const inserted = new Map<string, number>();
      for (const table of COPIED_TABLES) {
        try {
          inserted.set(table.name, await copyTable(source, tx, table));
        } catch (error) {
          throw refused(error, table, file);
        }
      }
      await restartIdentities(tx);

      const after = await countRows(tx);
      const wrong = COPIED_TABLES.filter((table) => {
        const want = expected.get(table.name);
        return after.get(table.name) !== want || inserted.get(table.name) !== want;
      });
      if (wrong.length > 0) {
        const list = wrong
          .map(
            (table) =>
              `${table.name}: ${formatCount(expected.get(table.name) ?? 0)} in SQLite, ` +
              `${formatCount(after.get(table.name) ?? 0)} in PostgreSQL`,
          )
          .join('; ');
        throw new MigrateStoreError(
          'COUNT_MISMATCH',
          `the counts differ after the copy (${list}); rolled back, nothing was written`,
        );
      }
      return after;
    });

    const tables = COPIED_TABLES.map((table) => ({
      table: table.name,
      label: table.label,
      rows: copied.get(table.name) ?? 0,
    }));
    return {
      source: file,
      schemaVersion,
      target: where,
      tables,
      total: tables.reduce((sum, table) => sum + table.rows, 0),
    };
  } catch (error) {
    throw scrubbed(error, where, scrub);
  } finally {
    // Only reads were made: ending the read transaction either way lets the snapshot go.
    if (source.inTransaction) source.exec('ROLLBACK');
    source.close();
    await db.end();
  }
}

/** A read of the source whose SQLite error becomes a readable refusal. */
function readSource<T>(read: () => T, file: string): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof MigrateStoreError) throw error;
    throw new MigrateStoreError(
      'SOURCE_UNREADABLE',
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/**
 * The error the caller sees: ours and open errors as they are (their messages never hold the
 * password), a lost connection as UNAVAILABLE saying what became of the copy, anything else
 * with the password scrubbed from its message.
 */
function scrubbed(error: unknown, where: string, scrub: (text: string) => string): Error {
  if (error instanceof MigrateStoreError || error instanceof StoreOpenError) return error;
  const said = scrub(error instanceof Error ? error.message : String(error));
  if (error instanceof StoreUnavailableError) {
    return new MigrateStoreError(
      'UNAVAILABLE',
      error.outcome === 'unknown'
        ? `${where}: the connection was lost during COMMIT, so the copy may or may not have been ` +
            'applied; run migrate-store again: it refuses if the data is there (the copy was ' +
            'complete), and copies if not'
        : `${where}: the connection failed during the copy (${said}); nothing was written`,
      { cause: error },
    );
  }
  if (isConnectionError(error)) {
    return new MigrateStoreError(
      'UNAVAILABLE',
      `${where}: the connection failed during the copy (${said}); nothing was written`,
      { cause: error },
    );
  }
  return new MigrateStoreError('FAILED', `${where}: ${said}; nothing was written`, {
    cause: error,
  });
}

/**
 * What `migrate-store` prints: the target, one line per table, and the total.
 * @example describeMigration(summary) // 'Copied /data/switchboard.db (one snapshot, schema 6) to PostgreSQL at db:5432/switchboard:\n       352  conversations\n…'
 */
export function describeMigration(summary: MigrateStoreSummary): string {
  const width = Math.max(
    ...[summary.total, ...summary.tables.map((t) => t.rows)].map((n) => formatCount(n).length),
  );
  const line = (count: number, what: string) => `  ${formatCount(count).padStart(width)}  ${what}`;
  return [
    `Copied ${summary.source} (one snapshot, schema version ${summary.schemaVersion}) to ${summary.target}:`,
    ...summary.tables.map((t) =>
      line(t.rows, t.label === t.table ? t.label : `${t.label} (${t.table})`),
    ),
    line(
      summary.total,
      `rows in all, ${summary.tables.length} tables, each count checked against the source before COMMIT`,
    ),
    '',
  ].join('\n');
}
